// sendmessage: sends the message's "data" to every connection in the table; drops the gone ones.
const { DynamoDBClient, ScanCommand, DeleteItemCommand } = require("@aws-sdk/client-dynamodb");
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");

const db = new DynamoDBClient({});

exports.handler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const data = JSON.parse(event.body).data;
  const { Items = [] } = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  await Promise.all(
    Items.map(async ({ connectionId }) => {
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId: connectionId.S, Data: data }));
      } catch (error) {
        if (error.$metadata?.httpStatusCode !== 410) throw error;
        await db.send(new DeleteItemCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId } }));
      }
    })
  );
  return { statusCode: 200, body: "Data sent." };
};
