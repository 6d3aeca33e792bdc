-- (a) the framework's ceiling: the daemon's own /healthz (one SQLite point read).
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "common.lua")
label = "healthz"

-- Checked like the hooks, so wrk spends the same per-answer work in every scenario.
function response(status, headers, body)
  check(status, body, '"status":"ok"')
end
