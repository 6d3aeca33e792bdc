-- (b) on_publish with a wrong key for random rooms: must be denied with invalid_key.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "common.lua")
label = "deny_publish"

-- Same length and alphabet as a real key, so hashing it costs the same.
local wrong_key = "sk" .. string.rep("a", 32)

function init(args)
  load_rooms()
  prepare(function(n)
    return hook("on_publish", random_room(), string.format("p%d-%d", id, n), "?key=" .. wrong_key)
  end)
end

request = next_request

function response(status, headers, body)
  check(status, body, '"deny":"invalid_key"')
end
