/// How an event is sourced: which sources its quotes come from, and which of them support each
/// of its claims (a person's part, a measure change).
public struct EventSourcing: Sendable {
    /// One thing the event says, and the sources that bear it out.
    public struct Claim: Sendable {
        public enum Subject: Sendable, Hashable {
            case part(person: Int)
            case change(measure: Int, change: Int)
        }
        public let subject: Subject
        /// The source ids that support the claim, in the order of `EventSourcing.sources`.
        public let sources: [String]
    }

    /// The sources the event's passages come from, in the order they are first cited.
    public let sources: [String]
    /// Every passage the event cites (its quotes, its changes' quotes, its date's phrase), by source.
    public let passages: [String: [Quote]]
    public let claims: [Claim]

    /// Whether more than one source bears the event out.
    public var corroborated: Bool { sources.count > 1 }
}

extension Timeline {
    /// Every passage event `e` cites, in order: its quotes, its changes' quotes, its date's phrase.
    func citedPassages(of e: Int) -> [Quote] {
        events[e].quotes + changesOfEvent[e].map { measures[$0.measure].changes[$0.change].quote }
            + (events[e].date.derivation.map { [$0.quote] } ?? [])
    }

    /// Whether event `e` rests on one source only (what the timeline marks `¹`): the cheap
    /// question, asked for every row drawn, without laying out its claims.
    public func restsOnOneSource(_ e: Int) -> Bool {
        let passages = citedPassages(of: e)
        guard let first = passages.first?.source else { return false }
        return passages.allSatisfy { $0.source == first }
    }

    /// Event `e`'s sources and claims. A person's part is supported by each source with a
    /// passage of the event that names them (full name, short name or surname); a measure
    /// change by the source of its own quote.
    public func sourcing(of e: Int) -> EventSourcing {
        let event = events[e]
        var order: [String] = []
        var passages: [String: [Quote]] = [:]
        for quote in citedPassages(of: e) {
            if passages[quote.source] == nil { order.append(quote.source) }
            if !(passages[quote.source]?.contains { $0.start == quote.start && $0.end == quote.end } ?? false) {
                passages[quote.source, default: []].append(quote)
            }
        }

        var claims: [EventSourcing.Claim] = []
        for participant in event.participants {
            guard let p = personIndex[participant.person] else { continue }
            let person = people[p]
            let names = ([person.name, person.name.split(separator: " ").last.map(String.init)].compactMap { $0 } + person.shortNames).map { $0.lowercased() }
            let supporting = order.filter { source in
                passages[source, default: []].contains { quote in names.contains { quote.text.lowercased().contains($0) } }
            }
            claims.append(EventSourcing.Claim(subject: .part(person: p), sources: supporting))
        }
        for ref in changesOfEvent[e] {
            claims.append(EventSourcing.Claim(subject: .change(measure: ref.measure, change: ref.change), sources: [measures[ref.measure].changes[ref.change].quote.source]))
        }
        return EventSourcing(sources: order, passages: passages, claims: claims)
    }
}
