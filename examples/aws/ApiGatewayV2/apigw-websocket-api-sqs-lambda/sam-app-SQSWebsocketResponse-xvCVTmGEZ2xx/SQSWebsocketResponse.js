// Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.
// SPDX-License-Identifier: MIT-0
//
// Reads the queue (an event source mapping) and sends each message back to the connection that
// sent it. The AWS SDK for JavaScript v3, which Lambda's nodejs20.x runtime provides.

const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");

const apig = new ApiGatewayManagementApiClient({ endpoint: `https://${process.env.ApiGatewayEndpoint}` });

exports.handler = async (event) => {
  for (const record of event.Records || []) {
    try {
      const response = {
        connectionId: record.messageAttributes.connectionId.stringValue,
        requestId: record.messageAttributes.requestId.stringValue,
        message: record.body,
      };
      await apig.send(new PostToConnectionCommand({ ConnectionId: response.connectionId, Data: JSON.stringify(response) }));
    } catch (err) {
      console.error(err);
    }
  }
  return { statusCode: 200 };
};
