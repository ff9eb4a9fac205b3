// Answers every request the HTTP API's quick-create route sends it (payload format 2.0) with
// what it was asked: the method, the path, the query string and the body.
exports.handler = async (event, context) => {
  console.log("Event:", JSON.stringify(event));
  const asked = {
    functionName: context.functionName,
    method: event.requestContext.http.method,
    rawPath: event.rawPath,
    queryString: event.queryStringParameters,
    contentType: event.headers["content-type"],
    body: event.body,
  };
  return { statusCode: 200, body: JSON.stringify(asked, null, 2) };
};
