extension TimelineDecoder {
    /// The timeline as far as it holds together after a read with problems: the entries the
    /// decoder kept, less what would mislead or break a reader of it — a quote not found where
    /// it says it is, a reference to a person or an event that is not there, an id used twice
    /// (the first stays). Nil when no event is left.
    func salvage() -> Timeline? {
        let texts = Dictionary(entries.sources.map { ($0.id, $0.text.unicodeScalars.count) }, uniquingKeysWith: { a, _ in a })
        func holds(_ quote: Quote) -> Bool {
            guard let count = texts[quote.source] else { return false }
            return quote.start >= 0 && quote.start <= quote.end && quote.end <= count
        }
        func firsts<T>(_ items: [T], id: (T) -> String) -> [T] {
            var seen = Set<String>()
            return items.filter { seen.insert(id($0)).inserted }
        }
        let sources = firsts(entries.sources, id: \.id)
        let people = firsts(entries.people, id: \.id).map { person in
            var person = person
            person.roles = person.roles.filter { holds($0.quote) }
            return person
        }
        let personIDs = Set(people.map(\.id))
        let events = firsts(entries.events, id: \.id).map { event in
            var event = event
            event.quotes = event.quotes.filter(holds)
            event.participants = event.participants.filter { personIDs.contains($0.person) }
            if let derivation = event.date.derivation, !holds(derivation.quote) {
                event.date = EventDate(date: event.date.date, derivation: nil)
            }
            return event
        }
        guard !events.isEmpty else { return nil }
        let eventIDs = Set(events.map(\.id))
        let measures = firsts(entries.measures, id: \.id).map { measure in
            var measure = measure
            measure.quotes = measure.quotes.filter(holds)
            measure.changes = TimelineList(measure.changes.filter { holds($0.quote) && eventIDs.contains($0.event) })
            return measure
        }
        return Timeline(title: title ?? fileName, description: nil, backgroundLabel: backgroundLabel, sources: sources,
                        people: people, measures: measures, events: events)
    }
}
