import Synchronization

/// The events a search hits, in date order. In memory they are all found at once; in a store,
/// its index names the events that may hold the text a window at a time, and each is confirmed
/// when it is first needed (the next hit, a row on screen), so that a search as you type in a
/// timeline of millions reads only what it shows.
public struct SearchHits: Sendable {
    /// Every hit, when they are all known.
    private let known: [Int]?
    /// The candidates after an event (forward) or before it, nearest first, at most so many.
    private let window: CandidateWindow?
    /// Confirms candidates.
    private let confirmer: Confirmer?
    /// The first hit, found when the hits are made (whether there is one is asked every frame).
    private let firstHit: Int?

    /// Candidates near an event: `window(e, forward, limit)` gives at most `limit` of them
    /// after `e` (with `forward`) or before it, nearest first. Every hit is a candidate.
    public typealias CandidateWindow = @Sendable (_ from: Int, _ forward: Bool, _ limit: Int) -> [Int]

    /// No hits.
    public static let none = SearchHits([])

    /// These events, every one a hit.
    public init(_ hits: [Int]) {
        self.init(known: hits, window: nil, confirmer: nil)
    }

    private init(known: [Int]?, window: CandidateWindow?, confirmer: Confirmer?) {
        self.known = known
        self.window = window
        self.confirmer = confirmer
        firstHit = known == nil ? Self.step(from: -1, forward: true, window, confirmer) : nil
    }

    /// The candidates `window` gives that `isHit` confirms. When there are few, they are all
    /// confirmed at once, so that the hits of a narrow search are counted exactly.
    init(window: @escaping CandidateWindow, isHit: @escaping @Sendable (Int) -> Bool) {
        let first = window(-1, true, SearchHits.confirmedAtOnce + 1)
        if first.count <= SearchHits.confirmedAtOnce {
            self.init(first.filter(isHit))
            return
        }
        self.init(known: nil, window: window, confirmer: Confirmer(isHit))
    }

    /// Every one of `count` events, a window at a time: for a search no index narrows.
    static func everyEvent(_ count: Int) -> CandidateWindow {
        { from, forward, limit in
            if forward {
                let lower = min(count, max(0, from.saturatingAdd(1)))
                return Array(lower..<min(count, lower.saturatingAdd(limit)))
            }
            let upper = min(count, max(0, from))
            return Array((max(0, upper - limit)..<upper).reversed())
        }
    }

    /// How many candidates are confirmed when the search is made.
    static let confirmedAtOnce = 256

    /// How many events are hit, when every hit is known.
    public var exactCount: Int? { known?.count }

    /// Whether nothing is hit.
    public var isEmpty: Bool { known?.isEmpty ?? (firstHit == nil) }

    /// Whether event `e` is hit.
    public func contains(_ e: Int) -> Bool {
        if let known { return known.sortedIndex(of: e) != nil }
        return confirmer?.isHit(e) ?? false
    }

    /// The first hit after event `e`.
    public func first(after e: Int) -> Int? {
        if let known { return known.first(after: e) }
        return step(from: e, forward: true)
    }

    /// The last hit before event `e`.
    public func last(before e: Int) -> Int? {
        if let known { return known.last(before: e) }
        return step(from: e, forward: false)
    }

    /// The nearest confirmed candidate after (or before) `e`, a window of candidates at a time.
    private func step(from e: Int, forward: Bool) -> Int? { Self.step(from: e, forward: forward, window, confirmer) }

    private static func step(from e: Int, forward: Bool, _ window: CandidateWindow?, _ confirmer: Confirmer?) -> Int? {
        guard let window, let confirmer else { return nil }
        var from = e
        while true {
            let candidates = window(from, forward, 64)
            guard let last = candidates.last else { return nil }
            if let hit = candidates.first(where: confirmer.isHit) { return hit }
            from = last
        }
    }

    /// Where event `e` is among the hits (0 for the first), when every hit is known.
    public func ordinal(of e: Int) -> Int? { known?.sortedIndex(of: e) }

    /// Every hit, each candidate confirmed.
    public var all: [Int] {
        if let known { return known }
        var hits: [Int] = []
        var next = first(after: -1)
        while let hit = next {
            hits.append(hit)
            next = first(after: hit)
        }
        return hits
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

extension Int {
    /// Addition that stops at the ends of Int instead of trapping: "go to the last" adds a huge
    /// number, and a cursor or scroll may already be large where nothing clamps it (a terminal
    /// too small to lay anything out).
    public func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
