/// All the searchable text of a timeline in two flat byte buffers (as written, and lower-cased),
/// so that finding the events a query hits is one `ByteSearch` over contiguous memory rather than a
/// walk over millions of small strings. `tl search` and the browser's `/` both start here. A
/// timeline kept in a store is not read into buffers: its store names the events that may hold
/// the query, and only those are searched.
public struct SearchIndex: Sendable {
    /// Event e's text is `bytes[starts[e]..<starts[e + 1]]`, its fields separated by NUL, which
    /// no query contains, so no match spans two fields.
    private let bytes: [UInt8]
    private let folded: [UInt8]
    private let starts: [Int]
    /// The timeline, when it is kept in a store.
    private let stored: Timeline?

    /// The searchable text of every event of `timeline`.
    public init(_ timeline: Timeline) {
        var bytes: [UInt8] = []
        var folded: [UInt8] = []
        var starts: [Int] = [0]
        if timeline.storage != nil {
            self.bytes = []
            self.folded = []
            self.starts = []
            stored = timeline
            return
        }
        starts.reserveCapacity(timeline.events.count + 1)
        for e in timeline.events.indices {
            Self.append(e, of: timeline, to: &bytes, &folded)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.folded = folded
        self.starts = starts
        stored = nil
    }

    /// Appends event e's fields, as written and lower-cased, each followed by a NUL.
    private static func append(_ e: Int, of timeline: Timeline, to bytes: inout [UInt8], _ folded: inout [UInt8]) {
        for (_, text) in timeline.searchableFields(of: e) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(0)
            SearchFolding.append(text, to: &folded)
            folded.append(0)
        }
        // Lower-casing can change a field's length, so the two buffers align per event, not per byte.
        let end = max(bytes.count, folded.count)
        bytes.append(contentsOf: repeatElement(0, count: end - bytes.count))
        folded.append(contentsOf: repeatElement(0, count: end - folded.count))
    }

    /// The events with at least one hit: found at once in memory; in a store, confirmed as
    /// they are asked for.
    public func hits(matching query: SearchQuery) -> SearchHits {
        guard let stored else { return SearchHits(events(matching: query)) }
        let needle = Array((query.caseSensitive ? query.text : query.text.lowercased()).utf8)
        guard !needle.isEmpty else { return .none }
        // Each event the store names is searched as the buffers would be.
        let window = stored.storage?.searchCandidates(query) ?? SearchHits.everyEvent(stored.events.count)
        return SearchHits(window: window) { e in
            var bytes: [UInt8] = [], folded: [UInt8] = []
            Self.append(e, of: stored, to: &bytes, &folded)
            return (query.caseSensitive ? bytes : folded).withUnsafeBufferPointer { hay in
                needle.withUnsafeBufferPointer { ByteSearch.first($0, in: hay, from: 0) != nil }
            }
        }
    }

    /// The events every one of `queries` hits (each anywhere in the event), in date order.
    public func events(matchingAll queries: [SearchQuery]) -> [Int] {
        guard let first = queries.first else { return [] }
        var events = self.events(matching: first)
        for query in queries.dropFirst() where !events.isEmpty {
            let hit = self.events(matching: query)
            events = events.filter { hit.sortedIndex(of: $0) != nil }
        }
        return events
    }

    /// The events with at least one hit, in date order.
    public func events(matching query: SearchQuery) -> [Int] {
        if stored != nil { return hits(matching: query).all }
        let needle = Array((query.caseSensitive ? query.text : query.text.lowercased()).utf8)
        guard !needle.isEmpty else { return [] }
        let haystack = query.caseSensitive ? bytes : folded
        var result: [Int] = []
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var offset = 0
                while offset < hay.count, let position = ByteSearch.first(pin, in: hay, from: offset) {
                    let event = starts.lowerBound(of: position + 1) - 1
                    result.append(event)
                    offset = starts[event + 1]
                }
            }
        }
        return result
    }
}
