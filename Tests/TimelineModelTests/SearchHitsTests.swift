import Synchronization
import Testing
@testable import TimelineModel

/// Search hits confirmed one by one, as a store's are: the same answers as a list of hits,
/// with each candidate confirmed at most once and only when it is needed.
@Suite("Search hits confirmed as needed")
struct SearchHitsTests {
    /// The events confirmed, in the order they were.
    final class Confirmed: Sendable {
        private let list = Mutex<[Int]>([])
        func add(_ e: Int) { list.withLock { $0.append(e) } }
        var events: [Int] { list.withLock { $0 } }
    }

    /// Every third event of 10,000 is a hit; the candidates are every event.
    static func lazyHits(confirmed: Confirmed) -> SearchHits {
        SearchHits(window: SearchHits.everyEvent(10_000)) { e in
            confirmed.add(e)
            return e % 3 == 0
        }
    }

    @Test func theyAnswerAsAListOfHitsDoes() {
        let confirmed = Confirmed()
        let lazy = Self.lazyHits(confirmed: confirmed)
        let exact = SearchHits(Array(stride(from: 0, to: 10_000, by: 3)))
        for e in [-1, 0, 1, 2, 3, 4, 5000, 9_998, 9_999, 10_000] {
            #expect(lazy.first(after: e) == exact.first(after: e), "first after \(e)")
            #expect(lazy.last(before: e) == exact.last(before: e), "last before \(e)")
            #expect(lazy.contains(e) == exact.contains(e), "contains \(e)")
        }
        #expect(!lazy.isEmpty)
        #expect(lazy.all == exact.all)
    }

    @Test func onlyWhatIsAskedForIsConfirmedAndNeverTwice() {
        let confirmed = Confirmed()
        let lazy = Self.lazyHits(confirmed: confirmed)
        #expect(confirmed.events == [0], "only the first hit, so that whether there is one is known")
        #expect(lazy.first(after: 4_000) == 4_002)
        #expect(confirmed.events == [0, 4_001, 4_002])
        #expect(lazy.first(after: 4_000) == 4_002)
        #expect(lazy.contains(4_002))
        #expect(confirmed.events == [0, 4_001, 4_002], "already known")
        // Not all known: no count and no position is claimed.
        #expect(lazy.exactCount == nil)
        #expect(lazy.ordinal(of: 4_002) == nil)
    }

    @Test func aFewCandidatesAreConfirmedAtOnceAndCountedExactly() {
        let candidates = [3, 8, 12, 20]
        let window: SearchHits.CandidateWindow = { from, forward, limit in
            Array((forward ? candidates.filter { $0 > from } : candidates.filter { $0 < from }.reversed()).prefix(limit))
        }
        let hits = SearchHits(window: window) { $0 % 4 == 0 }
        #expect(hits.exactCount == 3 && hits.all == [8, 12, 20])
        #expect(hits.ordinal(of: 12) == 1)
        let small = SearchHits(window: SearchHits.everyEvent(11)) { $0 == 5 }
        #expect(small.exactCount == 1 && small.all == [5])
    }

    @Test func everyEventComesAWindowAtATimeBothWays() {
        let every = SearchHits.everyEvent(10)
        #expect(every(-1, true, 4) == [0, 1, 2, 3])
        #expect(every(7, true, 4) == [8, 9])
        #expect(every(3, false, 5) == [2, 1, 0])
        #expect(every(Int.max, false, 2) == [9, 8])
        #expect(every(9, true, Int.max).isEmpty)
    }
}

@Suite("Text folded for search without case")
struct SearchFoldingTests {
    static func folded(_ text: String) -> String {
        var bytes: [UInt8] = []
        SearchFolding.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A search without case finds what `lowercased()` would: the folded text is the same, for
    /// every character that lower-cases to something else and for text mixing them with ASCII.
    @Test func itIsWhatLowercasingGives() {
        var checked = 0
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased || value < 0x250 else { continue }
            let text = String(Character(scalar))
            #expect(Self.folded(text) == text.lowercased(), "U+\(String(value, radix: 16, uppercase: true))")
            checked += 1
        }
        #expect(checked > 1000)
        for text in ["Tariff 3 on — SUSPENDED: Ross", "ΟΔΟΣ ΣΑΣ", "İstanbul", "STRASSE Straße", "ǅ", "Ａｂ", "E\u{301}TÉ", "", "MixED 123 ʼN"] {
            #expect(Self.folded(text) == text.lowercased(), "\(text)")
        }
    }
}
