// Answers every request routed to it by the HTTP API (payload format 2.0).
exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  return {
    statusCode: 200,
    body: JSON.stringify("Hello from gc Lambda"),
  };
};
