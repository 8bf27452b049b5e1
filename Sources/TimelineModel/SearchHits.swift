import Synchronization

/// The events a search hits, in date order. In memory they are all found at once; in a store,
/// its index names the events that may hold the text and each is confirmed when it is first
/// needed (the next hit, a row on screen), so that a search as you type in a timeline of
/// millions reads only what it shows.
public struct SearchHits: Sendable {
    /// The events that may be hits, in order; nil for every event.
    private let candidates: [Int]?
    private let eventCount: Int
    /// Confirms candidates; nil when every candidate is a hit.
    private let confirmer: Confirmer?

    /// No hits.
    public static let none = SearchHits([])

    /// These events, every one a hit.
    public init(_ hits: [Int]) {
        self.init(candidates: hits, eventCount: hits.count, confirmer: nil)
    }

    private init(candidates: [Int]?, eventCount: Int, confirmer: Confirmer?) {
        self.candidates = candidates
        self.eventCount = eventCount
        self.confirmer = confirmer
    }

    /// The `candidates` (nil: every one of `eventCount` events) that `isHit` confirms. A few
    /// are confirmed at once, so that the hits of a narrow search are counted exactly.
    init(candidates: [Int]?, eventCount: Int, isHit: @escaping @Sendable (Int) -> Bool) {
        let few = candidates ?? (eventCount <= SearchHits.confirmedAtOnce ? Array(0..<eventCount) : nil)
        if let few, few.count <= SearchHits.confirmedAtOnce {
            self.init(few.filter(isHit))
            return
        }
        self.init(candidates: candidates, eventCount: eventCount, confirmer: Confirmer(isHit))
    }

    /// How many candidates are confirmed when the search is made.
    static let confirmedAtOnce = 256

    private var candidateCount: Int { candidates?.count ?? eventCount }
    private func candidate(_ i: Int) -> Int { candidates?[i] ?? i }
    private func firstCandidate(notBefore e: Int) -> Int {
        guard let candidates else { return min(max(0, e), eventCount) }
        return candidates.lowerBound(of: e)
    }
    private func isHit(_ e: Int) -> Bool { confirmer?.isHit(e) ?? true }

    /// Whether every hit is known, so that `count` is exact.
    public var isExact: Bool { confirmer == nil }

    /// How many hits there are when `isExact`, else how many there may be at most.
    public var count: Int { candidateCount }

    /// Whether nothing is hit.
    public var isEmpty: Bool { first(after: -1) == nil }

    /// Whether event `e` is hit.
    public func contains(_ e: Int) -> Bool {
        let i = firstCandidate(notBefore: e)
        return i < candidateCount && candidate(i) == e && isHit(e)
    }

    /// The first hit after event `e`.
    public func first(after e: Int) -> Int? {
        var i = firstCandidate(notBefore: e + 1)
        while i < candidateCount {
            if isHit(candidate(i)) { return candidate(i) }
            i += 1
        }
        return nil
    }

    /// The last hit before event `e`.
    public func last(before e: Int) -> Int? {
        var i = firstCandidate(notBefore: e) - 1
        while i >= 0 {
            if isHit(candidate(i)) { return candidate(i) }
            i -= 1
        }
        return nil
    }

    /// Where event `e` is among the hits (0 for the first), when it is a hit and `isExact`.
    public func ordinal(of e: Int) -> Int? {
        guard isExact, let candidates else { return nil }
        return candidates.sortedIndex(of: e)
    }

    /// Every hit, each candidate confirmed.
    public var all: [Int] {
        guard let confirmer else { return candidates ?? [] }
        return (0..<candidateCount).map(candidate).filter(confirmer.isHit)
    }

    /// Remembers which candidates were confirmed, across copies of the hits.
    private final class Confirmer: Sendable {
        private let test: @Sendable (Int) -> Bool
        private let known = Mutex<[Int: Bool]>([:])

        init(_ test: @escaping @Sendable (Int) -> Bool) { self.test = test }

        func isHit(_ e: Int) -> Bool {
            if let known = known.withLock({ $0[e] }) { return known }
            let hit = test(e)
            known.withLock { $0[e] = hit }
            return hit
        }
    }
}
