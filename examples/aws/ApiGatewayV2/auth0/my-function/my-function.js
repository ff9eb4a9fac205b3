// Answers GET /my-function once the JWT authorizer has let the request through (payload 2.0).
exports.handler = async (event) => {
  console.log(event);
  return {
    statusCode: 200,
    body: JSON.stringify("Hello from gc Lambda"),
  };
};
