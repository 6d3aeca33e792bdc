-- (c) on_play and on_stop alternating, for random rooms and fresh client ids.
--
-- Each on_stop ends the viewer that started RING plays earlier on this thread: with at most
-- 8 requests in flight per thread its on_play has long been answered, so requests sent on
-- different connections cannot end a viewer before it started, and the viewer count stays
-- steady instead of growing through the run.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "common.lua")
label = "play_stop"

local RING = 64
local plays, stopping = 0, false
local viewers = {}

function init(args)
  load_rooms()
end

function request()
  stopping = not stopping
  if stopping then
    local viewer = viewers[(plays + 1) % RING]
    if viewer then
      viewers[(plays + 1) % RING] = nil
      return hook("on_stop", viewer.room, viewer.client, "?viewer=v1")
    end
  end
  stopping = false
  plays = plays + 1
  local viewer = { room = random_room(), client = string.format("v%d-%d", id, plays) }
  viewers[plays % RING] = viewer
  return hook("on_play", viewer.room, viewer.client, "?viewer=v1", '"pageUrl":"",')
end

-- Both hooks allow.
function response(status, headers, body)
  check(status, body, '{"code":0}')
end
