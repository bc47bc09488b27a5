import Foundation
@testable import PaperServer
import Testing

@Suite("rate limit")
struct RateLimiterTests {
    @Test func aClientGetsItsMinuteAndThenATokenEveryShare() {
        let limiter = RateLimiter(perMinute: 2)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(limiter.admit("a", now: start) == nil)
        #expect(limiter.admit("a", now: start) == nil)
        #expect(limiter.admit("a", now: start) == 30, "one token comes back every 30 s")
        #expect(limiter.admit("b", now: start) == nil, "clients are apart")
        #expect(limiter.admit("a", now: start + 20) == 10)
        #expect(limiter.admit("a", now: start + 30) == nil)
        #expect(limiter.admit("a", now: start + 31) == 29)
        // A long pause fills the bucket to a minute's allowance, not more.
        #expect(limiter.admit("a", now: start + 3600) == nil)
        #expect(limiter.admit("a", now: start + 3600) == nil)
        #expect(limiter.admit("a", now: start + 3600) != nil)
    }

    @Test func zeroIsNoLimitAndTheTableStaysBounded() {
        let open = RateLimiter(perMinute: 0)
        #expect((0..<100).allSatisfy { _ in open.admit("a") == nil })
        let limiter = RateLimiter(perMinute: 60, maxClients: 10)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for client in 0..<50 { _ = limiter.admit("c\(client)", now: start) }
        // A minute later every bucket is full again and may be forgotten.
        _ = limiter.admit("late", now: start + 61)
        #expect(limiter.clientCount <= 10)
    }
}

extension RateLimiterTests {
    @Test func aFloodOfNewAddressesStaysWithinTheBound() {
        let limiter = RateLimiter(perMinute: 60, maxClients: 100)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for client in 0..<1000 { _ = limiter.admit("c\(client)", now: start) }
        #expect(limiter.clientCount <= 100)
    }
}
