// GET /: reached only with a valid Cognito token (the JWT authorizer checks it first).
exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ claims: event.requestContext.authorizer?.jwt?.claims ?? {} }),
});
