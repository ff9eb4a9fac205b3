// Logs each event the rule sends; EventBridge ignores what it returns.
exports.lambdaHandler = async (event) => {
  console.log(JSON.stringify(event));
  return true;
};
