import Foundation

/// Checks per client address: a token bucket per address holding at most a minute's allowance,
/// refilled evenly. The table is bounded: past `maxClients` addresses, full buckets (clients
/// that have waited a whole minute) are forgotten.
final class RateLimiter: @unchecked Sendable {
    private let perMinute: Int
    private let maxClients: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]

    init(perMinute: Int, maxClients: Int = 10_000) {
        self.perMinute = perMinute
        self.maxClients = maxClients
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
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[client] = bucket
        if buckets.count > maxClients {
            buckets = buckets.filter { now.timeIntervalSince($0.value.updated) * perSecond + $0.value.tokens < capacity }
        }
        return nil
    }
}
