import Foundation

/// Checks per client address: a token bucket per address holding at most a minute's allowance,
/// refilled evenly. The table is bounded: past `maxClients` addresses, full buckets (clients
/// that have waited a whole minute) are forgotten, and if a flood of new addresses still holds
/// more, the fullest are forgotten down to three quarters (a forgotten client starts afresh,
/// which errs on letting it in rather than on memory).
final class RateLimiter: @unchecked Sendable {
    private let perMinute: Int
    private let maxClients: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]

    init(perMinute: Int, maxClients: Int = 10_000) {
        self.perMinute = perMinute
        self.maxClients = maxClients
    }

    /// How many clients the table holds now.
    var clientCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return buckets.count
    }

    /// Nil when `client` may check now (a token is taken); else the seconds until it may.
    func admit(_ client: String, now: Date = Date()) -> Int? {
        guard perMinute > 0 else { return nil }
        let capacity = Double(perMinute), perSecond = Double(perMinute) / 60
        lock.lock()
        defer { lock.unlock() }
        var bucket = buckets[client] ?? (capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + now.timeIntervalSince(bucket.updated) * perSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[client] = bucket
            // Less a nanosecond: 10.000000001 s of floating-point error is 10 s, not 11.
            return max(1, Int(((1 - bucket.tokens) / perSecond - 1e-9).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[client] = bucket
        if buckets.count > maxClients {
            func tokens(_ bucket: (tokens: Double, updated: Date)) -> Double {
                bucket.tokens + now.timeIntervalSince(bucket.updated) * perSecond
            }
            buckets = buckets.filter { tokens($0.value) < capacity }
            if buckets.count > maxClients {
                let kept = buckets.sorted { tokens($0.value) < tokens($1.value) }.prefix(maxClients * 3 / 4)
                buckets = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
            }
        }
        return nil
    }
}
