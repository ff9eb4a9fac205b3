"""WebSocket APIs on the embedded emulator: the gateway that clients connect to, route
selection, integrations (Lambda proxy, AWS service actions, MOCK), and the `@connections`
management API that handlers call back. See README "Call a WebSocket API locally".
"""
