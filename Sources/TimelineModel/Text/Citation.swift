extension Timeline {
    /// A quote as a citation to paste: “text” — Outlet, Author, Wed 10 Jul 2019 (in quotation
    /// marks as `Wording.quoted` puts them, never doubled). The text is
    /// sanitised: whatever reaches a clipboard has no control characters or bidi overrides.
    public func citation(_ quote: Quote) -> String {
        var credit: [String] = []
        if let source = source(quote.source) {
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
        var lines = ["## " + event.date.date.readable + " — " + event.title, "", event.summary]
        let people = event.participants.compactMap { participant -> String? in
            guard let person = person(participant.person) else { return nil }
            return "- **\(person.name)** (\(participant.role)): \(participant.part)"
        }
        if !people.isEmpty { lines += [""] + people }
        let changes = changesOfEvent[e].map { ref -> String in
            let measure = measures[ref.measure]
            return "- \(measure.name): \(measure.changes[ref.change].status.rawValue)"
        }
        if !changes.isEmpty { lines += ["", "Measures:"] + changes }
        for quote in event.quotes { lines += ["", "> " + citation(quote)] }
        return lines.map { TerminalText.sanitize($0) }.joined(separator: "\n") + "\n"
    }
}
