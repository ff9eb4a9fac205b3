// $default: answers the message with the event API Gateway passed in (a two-way route).
exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
