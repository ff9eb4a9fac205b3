// A warm Node.js Lambda worker: loads the handler once, then runs one event per line of stdin.
// Answers go to the file descriptor in _GC_RESULT_FD, one JSON line per event; what the handler
// logs with console.* is captured as its log, in Lambda's "time\trequestId\tLEVEL\tmessage" form.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const util = require("util");
const { pathToFileURL } = require("url");

const answers = Number(process.env._GC_RESULT_FD);
const taskRoot = process.env.LAMBDA_TASK_ROOT;

function isModuleType(file) {
  for (let dir = path.dirname(file); dir.startsWith(taskRoot); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try { return JSON.parse(fs.readFileSync(manifest, "utf8")).type === "module"; } catch { return false; }
    }
    if (dir === taskRoot) break;
  }
  return false;
}

async function loadHandler() {
  const spec = process.env._HANDLER;
  const dot = spec.indexOf(".", spec.lastIndexOf("/") + 1);
  if (dot < 0 || spec.includes("..")) {
    throw Object.assign(new Error(`Bad handler ${spec}`), { name: "Runtime.MalformedHandlerName" });
  }
  const base = path.join(taskRoot, spec.slice(0, dot));
  const names = spec.slice(dot + 1).split(".");
  let module;
  const candidates = [[base, false], [base + ".js", null], [base + ".mjs", true], [base + ".cjs", false]];
  const found = candidates.find(([file]) => fs.existsSync(file) && fs.statSync(file).isFile());
  if (!found) {
    throw Object.assign(new Error(`Cannot find module '${spec.slice(0, dot)}'`), { name: "Runtime.ImportModuleError" });
  }
  const [file, esm] = found;
  if (esm === true || (esm === null && isModuleType(file))) {
    module = await import(pathToFileURL(file).href);
  } else {
    module = require(file);
  }
  let handler = module;
  for (const name of names) handler = handler == null ? undefined : handler[name];
  if (typeof handler !== "function") {
    throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  }
  return handler;
}

function errorOf(error) {
  const missing = /Cannot find (?:module|package) '(@aws-sdk\/[^'/]+|@smithy\/[^'/]+|aws-sdk)/.exec(String(error && error.message));
  return {
    errorMessage: error && error.message !== undefined ? String(error.message) : String(error),
    errorType: (error && error.name) || "Error",
    stackTrace: error && error.stack ? String(error.stack).split("\n").slice(1).map((l) => l.trim()) : [],
    ...(missing ? { missingPackage: missing[1] } : {}),
  };
}

const levels = { log: "INFO", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG", trace: "TRACE" };
let logs = [];
let requestId = "";
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => {
    logs.push(`${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(...args)}`);
  };
}

let handler = null;
let loadError = null;

async function run(request) {
  requestId = request.requestId;
  logs = [];
  if (loadError) return { error: loadError };
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: request.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: request.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadlineMs - Date.now()),
  };
  try {
    const result = handler.length >= 3
      ? await new Promise((resolve, reject) => {
          const settled = handler(request.event, context, (error, value) => (error ? reject(error) : resolve(value)));
          if (settled && typeof settled.then === "function") settled.then(resolve, reject);
        })
      : await handler(request.event, context);
    return { payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (error) {
    return { error: errorOf(error) };
  }
}

// the init phase: the handler's module is loaded before the first event, outside its Timeout
let queue = loadHandler().then(
  (loaded) => { handler = loaded; },
  (error) => { loadError = errorOf(error); },
).then(() => {
  fs.writeSync(answers, JSON.stringify({ ready: true, logs }) + "\n");
  logs = [];
});
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  queue = queue.then(async () => {
    const answer = await run(JSON.parse(line));
    answer.logs = logs;
    fs.writeSync(answers, JSON.stringify(answer) + "\n");
  });
});
