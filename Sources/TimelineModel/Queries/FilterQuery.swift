/// A filter as typed: terms that must all hold. `person:kudlow`, `measure:huawei`,
/// `source:arirang` (an id, name or unique prefix, as the commands take them), `group:NAME`, `from:DATE`,
/// `to:DATE`, `starred`, `unsourced` (no passage at all), and free words, each of which an event
/// must hit the way a search does.
public struct FilterQuery: Sendable {
    public enum Term: Sendable {
        case person(Int), measure(Int), source(Int), from(TimelineDate), to(TimelineDate)
        /// A lane, by name (TimelineJS's group).
        case group(String)
        case starred, unsourced
        case words(SearchQuery)
    }

    public let text: String
    public let terms: [Term]

    /// The term names, for completion and messages.
    public static let keywords = ["person:", "measure:", "source:", "group:", "from:", "to:", "starred", "unsourced"]

    /// Reads a filter; the first term that cannot be used, and why.
    public static func parse(_ text: String, in t: Timeline) -> Result<FilterQuery, FilterProblem> {
        var terms: [Term] = []
        let year = t.events.first { !$0.background }?.date.date.first.year ?? t.events.first?.date.date.first.year ?? 2000
        let words = text.split(separator: " ").map(String.init)
        var next = 0
        while next < words.count {
            var word = words[next]
            next += 1
            // A date may be typed with spaces ("from:9 Jul 2019"): the words after it join it
            // while they make it a date.
            if word.lowercased().hasPrefix("from:") || word.lowercased().hasPrefix("to:") {
                var joined = word
                var taken = 0
                for extra in 1...2 where next + extra - 1 < words.count {
                    let candidate = ([word] + words[next..<(next + extra)]).joined(separator: " ")
                    if case .success = TimelineDate.parse(String(candidate.drop { $0 != ":" }.dropFirst()), year: year) { joined = candidate; taken = extra }
                }
                word = joined
                next += taken
            }
            guard let colon = word.firstIndex(of: ":") else {
                switch word.lowercased() {
                case "starred": terms.append(.starred)
                case "unsourced": terms.append(.unsourced)
                default: terms.append(.words(SearchQuery(word)))
                }
                continue
            }
            let key = word[..<colon].lowercased(), value = String(word[word.index(after: colon)...])
            func find(_ lookup: Lookup<Int>, _ kind: String, _ label: (Int) -> String) -> Result<Int, FilterProblem> {
                switch lookup {
                case .found(let i): .success(i)
                case .ambiguous(let all): .failure(FilterProblem(term: word, message: "\"\(value)\" matches \(all.count) \(kind)s: " + all.prefix(5).map(label).joined(separator: ", ") + (all.count > 5 ? ", …" : "")))
                case .notFound: .failure(FilterProblem(term: word, message: "no \(kind) matches \"\(value)\""))
                }
            }
            guard !value.isEmpty else { return .failure(FilterProblem(term: word, message: "\(key): needs a value")) }
            switch key {
            case "person":
                switch find(t.findPerson(value), "person", { t.people[$0].id }) { case .success(let p): terms.append(.person(p)); case .failure(let f): return .failure(f) }
            case "measure":
                switch find(t.findMeasure(value), "measure", { t.measures[$0].id }) { case .success(let m): terms.append(.measure(m)); case .failure(let f): return .failure(f) }
            case "source":
                switch find(t.findSource(value), "source", { t.sources[$0].id }) { case .success(let s): terms.append(.source(s)); case .failure(let f): return .failure(f) }
            case "group":
                guard let group = t.group(named: value) else {
                    let groups = t.groups
                    return .failure(FilterProblem(term: word, message: groups.isEmpty ? "no event of this timeline is in a group"
                        : "no group \"\(value)\"" + (closestName(to: value, among: groups).map { "; did you mean \($0)?" } ?? "; the groups are " + groups.joined(separator: ", "))))
                }
                terms.append(.group(group))
            case "from", "to":
                switch TimelineDate.parse(value, year: year) {
                case .success(let date): terms.append(key == "from" ? .from(date) : .to(date))
                case .failure(.malformed): return .failure(FilterProblem(term: word, message: "\"\(value)\" is not a date; write 2019-07-09, 2019-W27, 2019-07 or 9 Jul"))
                case .failure(.impossible(let why)): return .failure(FilterProblem(term: word, message: "\"\(value)\" is impossible: \(why)"))
                }
            default:
                let known = keywords.filter { $0.hasSuffix(":") }.map { String($0.dropLast()) }
                let hint = closestName(to: String(key), among: known).map { "; did you mean \($0):?" } ?? "; use " + known.map { $0 + ":" }.joined(separator: ", ")
                return .failure(FilterProblem(term: word, message: "unknown term \"\(key):\"" + hint))
            }
        }
        let from = terms.compactMap { if case .from(let d) = $0 { d } else { nil } }.last
        let to = terms.compactMap { if case .to(let d) = $0 { d } else { nil } }.last
        if let from, let to, from.firstDay > to.lastDay {
            return .failure(FilterProblem(term: "to:", message: "from: comes after to:"))
        }
        return .success(FilterQuery(text: text, terms: terms))
    }

    /// The events that pass every term, in timeline order. `starred` holds the starred event ids;
    /// `index` finds the free words' hits.
    public func events(in t: Timeline, starred: Set<String>, index: SearchIndex) -> [Int] {
        var pass = Array(t.events.indices)
        for term in terms {
            switch term {
            case .person(let p): pass = pass.filter { EventFilter(person: p).matches($0, in: t) }
            case .measure(let m): pass = pass.filter { EventFilter(measure: m).matches($0, in: t) }
            case .source(let s): pass = pass.filter { EventFilter(source: s).matches($0, in: t) }
            case .from(let d): pass = pass.filter { EventFilter(from: d).matches($0, in: t) }
            case .to(let d): pass = pass.filter { EventFilter(to: d).matches($0, in: t) }
            case .group(let group): pass = pass.filter { t.events[$0].group == group }
            case .starred: pass = pass.filter { starred.contains(t.events[$0].id) }
            case .unsourced: pass = pass.filter { t.events[$0].quotes.isEmpty && t.changesOfEvent[$0].isEmpty }
            case .words(let query):
                let hits = index.events(matching: query)
                pass = pass.filter { hits.sortedIndex(of: $0) != nil }
            }
        }
        return pass
    }

    /// What the last word of `text` may become: term names, then the ids a term takes.
    public static func completions(of text: String, in t: Timeline) -> [String] {
        let last = text.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        guard let colon = last.firstIndex(of: ":") else {
            return keywords.filter { $0.hasPrefix(last.lowercased()) && $0 != last }
        }
        let key = last[..<colon].lowercased(), value = last[last.index(after: colon)...].lowercased()
        let ids: [String] = switch key {
        case "person": t.people.map(\.id)
        case "measure": t.measures.map(\.id)
        case "source": t.sources.map(\.id)
        case "group": t.groups
        default: []
        }
        return ids.filter { $0.lowercased().hasPrefix(value) }.map { key + ":" + $0 }
    }
}

/// A filter term that cannot be used.
public struct FilterProblem: Error, Sendable, CustomStringConvertible {
    public let term: String
    public let message: String
    public var description: String { message }
}
