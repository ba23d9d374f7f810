-- wrk script for `npm run loadtest` (scripts/loadtest.ts): a reader-heavy mix of article, home,
-- section, tag and author pages, feeds, sitemaps, images, region redirects (X-Geo-Country, honoured by
-- the dev configuration) and 404s, plus an API write every few seconds per thread (a story dated 2020,
-- so the front page keeps its own stories; scripts/loadtest.ts deletes it afterwards). Each response is
-- counted by status and by kind; done() prints one JSON line the Node script reads.
-- Arguments (after --): the ADMIN_TOKEN, and the seconds between one thread's writes.

local PRIMARY = "news.localhost:8787"

local ARTICLES = {
  "/articles/al-rimal-date-growers-open-new-packing-house",
  "/articles/carrowmere-wind-cooperative-votes-to-expand",
  "/articles/city-marathon-sets-participation-record",
  "/articles/coastal-railway-opens-between-dar-salwa-and-qasr-al-manar",
  "/articles/dar-salwa-desalination-plant-begins-trial-operation",
  "/articles/lower-harbour-flood-defence-plan-approved",
  "/articles/meridian-port-container-volumes-rise-in-third-quarter",
  "/articles/meridian-rovers-edge-port-aldren-with-late-winner",
  "/articles/meridian-schools-trial-later-start-times",
  "/articles/night-bus-network-extended-to-eastern-suburbs",
  "/articles/nilufar-caravanserai-library-reopens",
  "/articles/observatory-records-brightest-meteor-shower-in-a-decade",
  "/articles/philharmonic-opens-season-with-harbour-symphony",
  "/articles/small-lenders-report-rise-in-first-time-buyers",
  "/articles/soil-sensors-help-halvard-valley-farmers-cut-water-use",
  "/articles/university-team-tests-seaweed-based-packaging",
  "/articles/vessenburg-canal-towpath-reopens-to-cyclists",
  "/articles/wadi-sarim-reservoirs-recover-after-autumn-rains",
}
local SECTIONS = { "/section/news", "/section/news/middle-east", "/section/news/europe", "/section/business", "/section/science", "/section/culture", "/section/sport" }
local LISTINGS = { "/tag/water", "/tag/climate", "/tag/transport", "/author/amira-haddad", "/author/grace-okafor", "/author/ruth-calloway", "/mirrors" }
local FEEDS = { "/feed.xml", "/atom.xml", "/feed.json", "/section/news/feed.xml", "/section/business/atom.xml", "/tag/water/feed.json" }
local SITEMAPS = { "/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/news.xml", "/robots.txt" }
local MEDIA = { "/media/harbour-flood-wall.svg", "/media/meteor-shower-night-sky.png", "/media/date-palms.svg", "/favicon.svg" }
local HOSTS = { "news.localhost:8787", "mirror-one.localhost:8787", "mirror-two.localhost:8787" }
-- Visitors whose region the dev policy sends elsewhere: GB to the UK edition, CN to a mirror, AU (Oceania) to mirror two.
local REDIRECTED = { "GB", "CN", "AU" }

-- Weights of the mix, out of 100.
local MIX = {
  { 32, "article" },
  { 14, "home" },
  { 14, "section" },
  { 8, "listing" },
  { 10, "feed" },
  { 4, "sitemap" },
  { 4, "media" },
  { 8, "redirect" },
  { 6, "not-found" },
}

local function pick(list)
  return list[math.random(#list)]
end

local token = ""
local write_every = 5
local next_write = 0
-- Globals, so that done() can read them from each thread (thread:get) and setup() can set thread_id.
writes = 0
counts = {}
thread_id = thread_id or 0

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  token = args[1] or ""
  write_every = tonumber(args[2] or "5") or 5
  math.randomseed(os.time() + thread_id * 7919)
  next_write = os.time() + write_every
end

local function get(path, host, country)
  return wrk.format("GET", path, { ["Host"] = host or pick(HOSTS), ["X-Geo-Country"] = country or "US" })
end

local function write()
  writes = writes + 1
  local slug = "loadtest-story-" .. thread_id
  local body = '{"headline":"Load test story ' .. thread_id .. " revision " .. writes .. '",'
    .. '"standfirst":"Written while the site is under load.","section":"news","authors":["ruth-calloway"],'
    .. '"tags":["transport"],"language":"en","published":"2020-01-06T08:00:00Z","status":"published",'
    .. '"body":"A story written by the load test, revision ' .. writes .. '."}'
  return wrk.format("PUT", "/api/articles/" .. slug, {
    ["Host"] = PRIMARY,
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

function request()
  if token ~= "" and os.time() >= next_write then
    next_write = os.time() + write_every
    return write()
  end
  local roll = math.random(100)
  local kind = "article"
  for _, entry in ipairs(MIX) do
    if roll <= entry[1] then
      kind = entry[2]
      break
    end
    roll = roll - entry[1]
  end
  if kind == "article" then return get(pick(ARTICLES)) end
  if kind == "home" then return get("/") end
  if kind == "section" then return get(pick(SECTIONS)) end
  if kind == "listing" then return get(pick(LISTINGS)) end
  if kind == "feed" then return get(pick(FEEDS)) end
  if kind == "sitemap" then return get(pick(SITEMAPS), PRIMARY) end
  if kind == "media" then return get(pick(MEDIA)) end
  if kind == "redirect" then return get(pick(ARTICLES), PRIMARY, pick(REDIRECTED)) end
  return get("/articles/no-such-story-" .. math.random(1000000))
end

-- The kind of answer, from what came back (wrk does not pair responses with the requests that caused them).
local function kind_of(status, headers)
  if status >= 300 and status < 400 then return "redirect" end
  local t = headers["Content-Type"] or headers["content-type"] or ""
  if status == 404 then return "not-found" end
  if t:find("text/html", 1, true) then return "page" end
  if t:find("rss", 1, true) or t:find("atom", 1, true) or t:find("feed+json", 1, true) then return "feed" end
  if t:find("xml", 1, true) or t:find("text/plain", 1, true) then return "sitemap" end
  if t:find("image/", 1, true) then return "media" end
  if t:find("json", 1, true) then return "api" end
  return "other"
end

function response(status, headers, body)
  local key = tostring(status) .. " " .. kind_of(status, headers)
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local total_writes = 0
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, n in pairs(c) do
      total[key] = (total[key] or 0) + n
    end
    total_writes = total_writes + (thread:get("writes") or 0)
  end
  local parts = {}
  for key, n in pairs(total) do
    table.insert(parts, string.format('"%s":%d', key, n))
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"writes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"by_status_kind":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, total_writes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ",")
  ))
end
