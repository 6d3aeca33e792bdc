-- (a') /healthz without per-answer Lua work: the framework's ceiling with wrk's cheapest
-- client; answers are not checked (wrk still counts non-2xx in summary.errors.status).
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "common.lua")
label = "healthz_plain"
