import TimelineModel

/// What the event's panes show, laid out for one width and search.
struct EventDetail: Sendable {
    /// What the content depends on.
    struct Key: Equatable, Sendable {
        let event: Int
        let width: Int
        let query: String?
    }

    /// The Event pane: the date with its derivation (and the note saying how it was worked
    /// out), the title, the background label, the summary.
    let event: [Line]
    let people: [ListItem]
    let measures: [ListItem]
    let quotes: [ListItem]

    func items(_ pane: Pane) -> [ListItem] {
        switch pane {
        case .people: people
        case .measures: measures
        case .quotes: quotes
        case .timeline, .event: []
        }
    }

    /// What a list pane says when it is empty.
    static func emptyText(_ pane: Pane) -> String {
        switch pane {
        case .people: "No one is named in this event."
        case .measures: "No measure changes in this event."
        default: "No quotes."
        }
    }

    init(_ app: AppState, event e: Int, width: Int) {
        let t = app.timeline
        let text = app.highlighter
        guard t.events.indices.contains(e) else {
            event = [[Span("No events.", .dim)]]
            people = []; measures = []; quotes = []
            return
        }
        let ev = t.events[e]
        var lines = text.wrapped(t.dateLine(ev), .accent, width: width)
        if let note = ev.date.derivation?.note { lines += text.wrapped("Note: " + note, .dim, width: width) }
        lines += text.wrapped(ev.title, .heading, width: width)
        if ev.background { lines += text.wrapped(t.backgroundHeading, .background, width: width) }
        lines.append([])
        lines += text.wrapped(ev.summary, .normal, width: width)
        event = lines

        people = ev.participants.compactMap { participant in
            guard let p = t.personIndex[participant.person] else { return nil }
            let head = text.line(t.people[p].name, .heading) + [Span(" · ", .dim)] + text.line(participant.role, .dim)
            return ListItem(lines: wrapLine(head, width: width) + text.wrapped(participant.part, .normal, width: width, indent: 2), target: .person(p))
        }
        measures = t.changesOfEvent[e].map { ref in
            let measure = t.measures[ref.measure]
            let change = measure.changes[ref.change]
            var lines = wrapLine([Span(change.status.rawValue, .accent), Span(" ")] + text.line(measure.name, .normal), width: width)
            if let note = change.note { lines += text.wrapped(note, .dim, width: width, indent: 2) }
            return ListItem(lines: lines, target: .measure(ref.measure))
        }
        quotes = ev.quotes.enumerated().map { i, quote in
            var lines = text.wrapped("“" + quote.text + "”", .normal, width: width)
            lines += text.wrapped("— " + t.sourceLabel(quote.source), .dim, width: width, indent: 2)
            if i + 1 < ev.quotes.count { lines.append([]) }
            return ListItem(lines: lines, target: t.citationTarget(quote, use: .event(e)))
        }
    }
}

extension Timeline {
    /// The heading of the background section: the timeline's own words for it when it has them.
    var backgroundHeading: String { "Background" }
}
