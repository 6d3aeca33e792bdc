-- (c) on_play and on_stop alternating, for random rooms and fresh client ids.
--
-- Each on_stop ends the viewer that started RING plays earlier on this thread: with at most
-- 8 requests in flight per thread its on_play has long been answered, so requests sent on
-- different connections cannot end a viewer before it started, and the viewer count stays
-- steady instead of growing through the run. The pool is one cycle of plays and stops: the
-- first RING stops of a cycle end the viewers the previous cycle's last plays started (in
-- the first cycle, viewers not yet seen, which on_stop ignores).
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "common.lua")
label = "play_stop"

local RING = 64

function init(args)
  load_rooms()
  local plays = POOL / 2
  local viewers = {}
  for i = 1, plays do
    viewers[i] = { room = random_room(), client = string.format("v%d-%d", id, i) }
  end
  prepare(function(n)
    local i = math.floor((n + 1) / 2)
    if n % 2 == 1 then
      return hook("on_play", viewers[i].room, viewers[i].client, "?viewer=v1", '"pageUrl":"",')
    end
    local ended = viewers[(i - RING - 1) % plays + 1]
    return hook("on_stop", ended.room, ended.client, "?viewer=v1")
  end)
end

request = next_request

-- Both hooks allow.
function response(status, headers, body)
  check(status, body, '{"code":0}')
end
