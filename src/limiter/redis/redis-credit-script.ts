/**
 * The window rules of src/limiter/credit-window.ts, run atomically in Redis on Bottleneck's
 * settings hash, so that every process spending the budget sees one window and one reservoir.
 * Modes: `report` (remaining, resetAt, limit), `limited` (resetAt), `roll` (dueAt, windowMs; its
 * reporter weight is minus the late credits, held back like credits in flight),
 * `probe` (weight); ARGV[7] is 1 when no explicit budget was set (follow the server's limit).
 * The reservoir becomes "credits left in the server's window minus what is in
 * flight in every process besides the reporter" (`running` is Bottleneck's cluster-wide count).
 * A stale report (an answer overtaken by a newer one, or from a window that is over) gives its
 * request's credits back: the server had already counted them, and they were held as in flight.
 * Returns {confirmedResetAt, estimatedResetAt or 0, new reservoir or "none"}, or "missing" when
 * Redis lost the budget (restart, eviction): the store then re-creates it and runs again.
 */
export const REDIS_CREDIT_SCRIPT = `
local key = KEYS[1]
local mode = ARGV[1]
local a = tonumber(ARGV[2])
local b = tonumber(ARGV[3])
local c = tonumber(ARGV[4])
local budget = tonumber(ARGV[5])
local reporter = tonumber(ARGV[6])
local follow = ARGV[7] == '1'
if redis.call('exists', key) == 0 then return {0, 0, 'missing'} end
local s = redis.call('hmget', key, 'miroConfirmed', 'miroEstimated', 'miroMin', 'running', 'miroLimit')
local confirmed = tonumber(s[1]) or 0
local estimated = tonumber(s[2])
local minRemaining = tonumber(s[3])
local running = tonumber(s[4]) or 0
-- The window's budget (windowBudget in credit-window.ts): the server's limit when following it,
-- else the configured budget capped by that limit.
local serverLimit = tonumber(s[5])
if mode == 'report' then serverLimit = c; redis.call('hset', key, 'miroLimit', c) end
if serverLimit ~= nil then
  if follow then budget = serverLimit else budget = math.min(budget, serverLimit) end
end
local available = nil
local stale = false
if mode == 'report' then
  local reserve = math.max(0, c - budget)
  if b > confirmed then
    confirmed = b; estimated = nil; minRemaining = a; available = a - reserve
  elseif b == confirmed and estimated == nil and (minRemaining == nil or a < minRemaining) then
    minRemaining = a; available = a - reserve
  else
    stale = true
  end
elseif mode == 'limited' then
  if a >= confirmed then confirmed = a; estimated = nil; minRemaining = 0; available = 0 end
elseif mode == 'roll' then
  local endsAt = estimated
  if endsAt == nil and confirmed > 0 then endsAt = confirmed end
  if endsAt == a then estimated = a + b; minRemaining = nil; available = budget end
elseif mode == 'probe' then
  if confirmed == 0 and estimated == nil then available = a; reporter = running end
end
redis.call('hset', key, 'miroConfirmed', confirmed, 'miroEstimated', estimated or '', 'miroMin', minRemaining or '')
local reservoir = 'none'
if available ~= nil then
  reservoir = available - (running - reporter)
  redis.call('hset', key, 'reservoir', reservoir)
elseif stale and reporter > 0 then
  reservoir = (tonumber(redis.call('hget', key, 'reservoir')) or 0) + reporter
  redis.call('hset', key, 'reservoir', reservoir)
end
return {confirmed, estimated or 0, tostring(reservoir)}
`;
