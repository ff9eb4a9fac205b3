// Answers GET / with the event it received, and counts each request as a business metric,
// "ProcessedRequests" in the "sam-app" namespace (the dashboard's "Business Metrics" graph).
//
// The metric is written as CloudWatch's embedded metric format (EMF): one JSON line in the
// function's log, which CloudWatch turns into a metric. AWS's sample writes that line through
// the aws-embedded-metrics package; it is written here directly, so the function has no
// dependency to install.

const namespace = process.env.AWS_EMF_NAMESPACE || "sam-app";

const emitProcessedRequest = (event, context) => {
  const record = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [["ServiceName", "LogGroup", "ServiceType", "Service"]],
          Metrics: [{ Name: "ProcessedRequests", Unit: "Count" }],
        },
      ],
    },
    ServiceName: context.functionName,
    LogGroup: context.functionName,
    ServiceType: "AWS::Lambda::Function",
    Service: "Sample Service",
    ProcessedRequests: 1,
    requestId: event.requestContext && event.requestContext.requestId,
    routeKey: event.routeKey,
    Payload: { operation: event.requestContext && event.requestContext.http && event.requestContext.http.method },
  };
  console.log(JSON.stringify(record));
};

exports.handler = async (event, context) => {
  emitProcessedRequest(event, context);
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(event) };
};
