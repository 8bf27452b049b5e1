import TimelineModel

/// What the event's panes show, laid out for one width and search.
struct EventDetail: Sendable {
    /// What the content depends on.
    struct Key: Equatable, Sendable {
        let event: Int
        let width: Int
        let query: String?
        let asOf: TimelineDate?
        let starred: Bool
        let note: String?

        init(_ app: AppState, width: Int) {
            event = app.selected
            self.width = width
            query = app.query
            asOf = app.asOf
            let id = app.selectedEvent?.id ?? ""
            starred = app.marks.starred.contains(id)
            note = app.marks.notes[id]
        }
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
        let dateLines = t.dateLines(of: ev)
        var lines = dateLines.enumerated().flatMap { i, line in text.wrapped(line, i < 2 ? .accent : .dim, width: width) }
        lines += text.wrapped(ev.title, .heading, width: width)
        if ev.background { lines += text.wrapped(t.backgroundHeading, .background, width: width) }
        if app.marks.starred.contains(ev.id) { lines.append([Span("★ Starred", .accent)]) }
        if let note = app.marks.notes[ev.id] { lines += text.wrapped("✎ " + note, .accent, width: width) }
        let sourcing = t.sourcing(of: e)
        let outlets = sourcing.sources.map { t.sourceWithoutText($0)?.outlet ?? $0 }
        switch outlets.count {
        case 0: lines += text.wrapped("Sources: none cited", .dim, width: width)
        case 1: lines += text.wrapped("¹ One source: " + outlets[0] + " · s compares", .dim, width: width)
        default: lines += text.wrapped("Sources: " + outlets.joined(separator: ", ") + " (corroborated) · s compares", .dim, width: width)
        }
        if let group = ev.group { lines += text.wrapped("Group: " + group, .dim, width: width) }
        for era in t.eras where era.start.date.firstDay <= ev.date.date.lastDay && ev.date.date.firstDay <= era.end.date.lastDay {
            lines += text.wrapped("Era: \(era.name) (\(era.span))", .dim, width: width)
        }
        lines.append([])
        lines += text.wrapped(ev.summary, .normal, width: width)
        if let media = ev.media {
            lines.append([])
            lines += media.lines.flatMap { text.wrapped($0, .dim, width: width) }
        }
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
            if let asOf = app.asOf { lines += text.wrapped(t.asOfLine(ref.measure, asOf), .heading, width: width, indent: 2) }
            return ListItem(lines: lines, target: .measure(ref.measure))
        }
        quotes = ev.quotes.enumerated().map { i, quote in
            var lines = text.wrapped(Wording.quoted(quote.text), .normal, width: width)
            lines += text.wrapped("— " + t.sourceLabel(quote.source), .dim, width: width, indent: 2)
            if i + 1 < ev.quotes.count { lines.append([]) }
            return ListItem(lines: lines, target: t.passageTarget(quote, use: .event(e)))
        }
    }
}
