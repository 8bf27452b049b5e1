extension Timeline {
    /// A quote as a citation to paste: “text” — Outlet, Author, Wed 10 Jul 2019 (in quotation
    /// marks as `Wording.quoted` puts them, never doubled). The text is
    /// sanitised: whatever reaches a clipboard has no control characters or bidi overrides.
    public func citation(_ quote: Quote) -> String {
        var credit: [String] = []
        if let source = sourceWithoutText(quote.source) {
            credit = [source.outlet] + (source.author.map { [$0] } ?? []) + [source.published.date.readable]
        } else {
            credit = [quote.source]
        }
        return TerminalText.sanitize(Wording.quoted(quote.text) + " — " + credit.joined(separator: ", "))
    }

    /// An event as Markdown: its date and title as a heading, the summary, the people and the
    /// measures it changed, and every quote as a block quote with its citation. Sanitised.
    public func markdown(event e: Int) -> String {
        let event = events[e]
        var lines = ["## " + event.date.date.readable + " — " + event.title, ""] + markdownBody(event: e)
        for quote in event.quotes { lines += ["", "> " + citation(quote)] }
        return lines.map { TerminalText.sanitize($0) }.joined(separator: "\n") + "\n"
    }

    /// What follows an event's heading in Markdown, line by line (not yet sanitised): the date
    /// when it says more than the heading (a display date, a time, an end), the summary, the
    /// people and the measures it changed, the group and the media. Shared by the copy key
    /// (`markdown(event:)`) and `tl export --format markdown`.
    func markdownBody(event e: Int) -> [String] {
        let event = events[e]
        var lines: [String] = []
        if event.end != nil || event.time != nil || event.displayDate != nil { lines += ["*" + event.dateLine + "*", ""] }
        lines += event.summary.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let people = participantItems(of: e).map { "- **\($0.name)**\($0.detail)" }
        if !people.isEmpty { lines += [""] + people }
        let changes = changeItems(of: e).map { "- " + $0 }
        if !changes.isEmpty { lines += ["", "Measures:"] + changes }
        if let group = event.group { lines += ["", "Group: " + group] }
        if let media = event.media { lines += ["", "Media:"] + media.lines.map { "- " + $0 } }
        while lines.first == "" { lines.removeFirst() }
        return lines
    }

    /// An event's people, each as their name and the rest of the line: ("Larry Kudlow",
    /// " (White House economic adviser): says a meeting is on the cards"). Every list of an
    /// event's people (Markdown, TimelineJS's HTML) is made from these.
    func participantItems(of e: Int) -> [(name: String, detail: String)] {
        events[e].participants.compactMap { participant in
            guard let person = person(participant.person) else { return nil }
            return (person.name, " (\(participant.role)): \(participant.part)")
        }
    }

    /// The measures event `e` changed, one line each: "Tariffs on $300 billion: postponed".
    func changeItems(of e: Int) -> [String] {
        changesOfEvent[e].map { ref in
            let measure = measures[ref.measure]
            return "\(measure.name): \(measure.changes[ref.change].status.rawValue)"
        }
    }
}
