-- geojson_bbox.lua — wrk script of bench/geojson_bbox.sh: every request is
-- GET /api/geojson/hazard?bbox=MINX,MINY,MAXX,MAXY for a box drawn from
-- the list in the file $BOXES (lines "i,minx,miny,maxx,maxy"), with the
-- header Authorization: Bearer $TOKEN.  Each wrk thread draws with its own
-- fixed seed (1000 + thread number), so a run's sequence of boxes is the
-- same every time.  done() prints one line "WRK {json}" with the figures
-- the script's summary reads.
local boxes = {}
local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("thread_no", nthreads)
end

function init(args)
	local path = os.getenv("BOXES") or error("BOXES not set")
	for line in io.lines(path) do
		local a, b, c, d = line:match("^%d+,([^,]+),([^,]+),([^,]+),([^,]+)$")
		if a then
			boxes[#boxes + 1] = "/api/geojson/hazard?bbox=" ..
				a .. "," .. b .. "," .. c .. "," .. d
		end
	end
	if #boxes == 0 then error("no boxes in " .. path) end
	math.randomseed(1000 + (thread_no or 0))
	wrk.headers["Authorization"] = "Bearer " ..
		(os.getenv("TOKEN") or error("TOKEN not set"))
end

function request()
	return wrk.format("GET", boxes[math.random(#boxes)])
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'WRK {"requests":%d,"duration_us":%d,"bytes":%d,' ..
		'"rps":%.2f,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
		'"mean_us":%.1f,"max_us":%d,"errors":{"connect":%d,"read":%d,' ..
		'"write":%d,"status":%d,"timeout":%d}}\n',
		summary.requests, summary.duration, summary.bytes,
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(90),
		latency:percentile(99), latency.mean, latency.max,
		e.connect, e.read, e.write, e.status, e.timeout))
end
