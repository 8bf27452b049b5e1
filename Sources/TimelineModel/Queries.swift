// Questions asked of a loaded timeline: lookups by name, filters, and search. Shared by the
// plain commands and the browser.

/// What looking something up by name found: one, several, or none.
public enum Lookup<T> {
    case found(T)
    case ambiguous([T])
    case notFound
}

extension Timeline {
    /// A person by id, full name, short name or unique prefix of any of those, case-insensitively.
    /// An exact match on some name wins over prefixes.
    public func findPerson(_ query: String) -> Lookup<Int> {
        let q = query.lowercased().trimmingSpaces
        guard !q.isEmpty else { return .notFound }
        func names(_ p: Person) -> [String] { ([p.id, p.name] + p.shortNames).map { $0.lowercased() } }
        let exact = people.indices.filter { names(people[$0]).contains(q) }
        if exact.count == 1 { return .found(exact[0]) }
        if exact.count > 1 { return .ambiguous(exact) }
        let prefixed = people.indices.filter { i in
            names(people[i]).contains { name in name.hasPrefix(q) || name.split(separator: " ").contains { $0.hasPrefix(q) } }
        }
        if prefixed.count == 1 { return .found(prefixed[0]) }
        return prefixed.isEmpty ? .notFound : .ambiguous(prefixed)
    }

    /// A measure or source by id or unique id prefix, case-insensitively (measures also by name prefix).
    public func findMeasure(_ query: String) -> Lookup<Int> {
        findByID(query, ids: measures.map(\.id), names: measures.map(\.name))
    }

    /// A source by id, unique id prefix or outlet prefix, case-insensitively.
    public func findSource(_ query: String) -> Lookup<Int> {
        findByID(query, ids: sources.map(\.id), names: sources.map(\.outlet))
    }

    /// An event by id, unique id prefix or title prefix, case-insensitively.
    public func findEvent(_ query: String) -> Lookup<Int> {
        findByID(query, ids: events.map(\.id), names: events.map(\.title))
    }

    private func findByID(_ query: String, ids: [String], names: [String]) -> Lookup<Int> {
        let q = query.lowercased().trimmingSpaces
        guard !q.isEmpty else { return .notFound }
        if let exact = ids.firstIndex(where: { $0.lowercased() == q }) { return .found(exact) }
        let hits = ids.indices.filter { ids[$0].lowercased().hasPrefix(q) || names[$0].lowercased().hasPrefix(q) }
        if hits.count == 1 { return .found(hits[0]) }
        return hits.isEmpty ? .notFound : .ambiguous(hits)
    }

    /// The events a filter selects, in date order. Every condition given must hold.
    public func events(matching filter: EventFilter) -> [Int] {
        events.indices.filter { filter.matches($0, in: self) }
    }
}

public struct EventFilter: Sendable {
    public var person: Int?
    public var measure: Int?
    public var source: Int?
    public var from: TimelineDate?
    public var to: TimelineDate?
    public init(person: Int? = nil, measure: Int? = nil, source: Int? = nil, from: TimelineDate? = nil, to: TimelineDate? = nil) {
        self.person = person; self.measure = measure; self.source = source; self.from = from; self.to = to
    }

    /// Whether event `e` of `t` passes every part of the filter.
    public func matches(_ e: Int, in t: Timeline) -> Bool {
        let event = t.events[e]
        if let person, !t.eventsOfPerson[person].contains(e) { return false }
        if let measure, !t.changesOfEvent[e].contains(where: { $0.measure == measure }) { return false }
        if let source {
            let id = t.sources[source].id
            let cites = event.quotes.contains { $0.source == id }
                || t.changesOfEvent[e].contains { t.measures[$0.measure].changes[$0.change].quote.source == id }
            if !cites { return false }
        }
        // An event overlapping the range counts: a month-precision event is in a range that covers any of its days.
        if let from, event.date.date.lastDay < from.firstDay { return false }
        if let to, event.date.date.firstDay > to.lastDay { return false }
        return true
    }
}

// MARK: Search

/// What part of an event a search hit is in.
public enum SearchField: Sendable, Hashable, CustomStringConvertible {
    case title
    case summary
    case person(Int)
    case role(Int)
    case part(Int)
    case measure(Int)
    case quote(Int)

    /// The field's name as the search output shows it: "title", "summary", "person", ….
    public var description: String {
        switch self {
        case .title: "title"
        case .summary: "summary"
        case .person: "person"
        case .role: "role"
        case .part: "part"
        case .measure: "measure"
        case .quote: "quote"
        }
    }
}

/// A match of a search in one field of one event.
public struct SearchHit: Sendable, Hashable {
    /// The event's index in `Timeline.events`.
    public var event: Int
    /// The field the match is in.
    public var field: SearchField
    /// The text of the field.
    public var text: String
    /// Where the match is in `text`.
    public var range: Range<String.Index>
}

/// Smart-case matching: case-insensitive unless the query has an upper-case letter.
public struct SearchQuery: Sendable {
    /// The text searched for, as typed.
    public let text: String
    /// True when the text has an upper-case letter: then case must match.
    public let caseSensitive: Bool
    private let needle: String
    private let needleBytes: [UInt8]

    /// A search for `text`, case-sensitive only if it has a capital.
    public init(_ text: String) {
        self.text = text
        caseSensitive = text.contains { $0.isUppercase }
        needle = caseSensitive ? text : text.lowercased()
        needleBytes = Array(needle.utf8)
    }

    /// True for an empty search, which matches nothing.
    public var isEmpty: Bool { text.isEmpty }

    /// Every non-overlapping match in `haystack`, compared character by character.
    public func ranges(in haystack: String) -> [Range<String.Index>] {
        guard !needle.isEmpty else { return [] }
        if needleIsASCII, haystack.utf8.allSatisfy({ $0 < 0x80 }) { return asciiRanges(in: haystack) }
        if caseSensitive { return haystack.ranges(of: needle) }
        // Fold case one character at a time and remember where each folded character came
        // from, since lower-casing can change the number of characters ("İ" → "i̇").
        var folded: [Character] = []
        var origin: [String.Index] = []
        for index in haystack.indices {
            for character in haystack[index].lowercased() {
                folded.append(character)
                origin.append(index)
            }
        }
        let pattern = Array(needle)
        var result: [Range<String.Index>] = []
        var i = 0
        while i + pattern.count <= folded.count {
            if folded[i] == pattern[0] && folded[i..<(i + pattern.count)].elementsEqual(pattern) {
                let end = i + pattern.count
                let upper = end < origin.count ? origin[end] : haystack.endIndex
                if upper > origin[i] { result.append(origin[i]..<upper) }
                i = end
            } else {
                i += 1
            }
        }
        return result
    }

    /// Whether `haystack` holds a match.
    public func matches(_ haystack: String) -> Bool { !ranges(in: haystack).isEmpty }

    private var needleIsASCII: Bool { needleBytes.allSatisfy { $0 < 0x80 } }

    /// Byte-wise search for ASCII text, where folding case is a bit flip; most text is ASCII
    /// and this runs on every drawn line while a search is active.
    private func asciiRanges(in haystack: String) -> [Range<String.Index>] {
        let pattern = needleBytes
        var result: [Range<String.Index>] = []
        let bytes = Array(haystack.utf8)
        guard pattern.count <= bytes.count else { return [] }
        func fold(_ b: UInt8) -> UInt8 { caseSensitive || b < 0x41 || b > 0x5A ? b : b | 0x20 }
        var i = 0
        while i + pattern.count <= bytes.count {
            var j = 0
            while j < pattern.count && fold(bytes[i + j]) == pattern[j] { j += 1 }
            if j == pattern.count {
                let lower = haystack.utf8.index(haystack.startIndex, offsetBy: i)
                result.append(lower..<haystack.utf8.index(lower, offsetBy: pattern.count))
                i += pattern.count
            } else {
                i += 1
            }
        }
        return result
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Timeline {
    /// The searchable texts of one event, in the order hits are reported.
    public func searchableFields(of e: Int) -> [(field: SearchField, text: String)] {
        searchableFields(of: events[e], changeTexts: changesOfEvent[e].map { Timeline.searchText(of: measures[$0.measure].changes[$0.change], in: measures[$0.measure]) })
    }

    /// What search looks in for a change of a measure: the measure's name, the status and the note.
    public static func searchText(of change: MeasureChange, in measure: Measure) -> String {
        "\(measure.name) — \(change.status.rawValue)" + (change.note.map { ": \($0)" } ?? "")
    }

    /// The text of each field of `event` that search looks in, given the `searchText` of each
    /// measure change it made.
    public func searchableFields(of event: Event, changeTexts: [String]) -> [(field: SearchField, text: String)] {
        var fields: [(SearchField, String)] = [(.title, event.title), (.summary, event.summary)]
        for (i, participant) in event.participants.enumerated() {
            if let p = personIndex[participant.person] {
                fields.append((.person(i), ([people[p].name] + people[p].shortNames).joined(separator: " · ")))
            }
            fields.append((.role(i), participant.role))
            fields.append((.part(i), participant.part))
        }
        for (i, text) in changeTexts.enumerated() { fields.append((.measure(i), text)) }
        for (i, quote) in event.quotes.enumerated() { fields.append((.quote(i), quote.text)) }
        return fields
    }

    /// Every hit in titles, summaries, people, roles, parts, measures and quotes, by event in date order.
    /// The index finds the events; only those are searched field by field.
    public func search(_ query: SearchQuery, index: SearchIndex? = nil) -> [SearchHit] {
        search(allOf: [query], index: index)
    }

    /// The hits of a query of several words, by event in date order: an event is found when every
    /// query hits somewhere in it (each word in its own smart case), and each of its fields that
    /// any of them hits is a hit, at the first match in it.
    public func search(allOf queries: [SearchQuery], index: SearchIndex? = nil) -> [SearchHit] {
        guard !queries.isEmpty, !queries.contains(where: \.isEmpty) else { return [] }
        var hits: [SearchHit] = []
        for e in (index ?? SearchIndex(self)).events(matchingAll: queries) {
            for (field, text) in searchableFields(of: e) {
                let first = queries.compactMap { $0.ranges(in: text).first }.min { $0.lowerBound < $1.lowerBound }
                if let range = first { hits.append(SearchHit(event: e, field: field, text: text, range: range)) }
            }
        }
        return hits
    }
}

extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// In a sorted collection, the index of the first element not less than `value` (binary search),
    /// so that stepping through sorted hits or a person's events costs the same at any size.
    public func lowerBound(of value: Element) -> Int {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first element greater than `value`, in a sorted collection.
    public func first(after value: Element) -> Element? {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if self[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low < endIndex ? self[low] : nil
    }

    /// The last element less than `value`, in a sorted collection.
    public func last(before value: Element) -> Element? {
        let i = lowerBound(of: value)
        return i > startIndex ? self[i - 1] : nil
    }

    /// Where `value` is in a sorted collection, if it is there.
    public func sortedIndex(of value: Element) -> Int? {
        let i = lowerBound(of: value)
        return i < endIndex && self[i] == value ? i : nil
    }
}
