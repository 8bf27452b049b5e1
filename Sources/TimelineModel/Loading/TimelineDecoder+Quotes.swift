// What the decoder says about a quote it cannot place, and about a date phrase: the passage
// closest to a quote that is not verbatim and what differs, the selectors that pick one of a
// quote's occurrences, and whether a relative date phrase resolves to the date given.

extension TimelineDecoder {
    /// The closest passage is looked for in at most this many quotes of one file: past that, a
    /// file whose quotes are mostly wrong (the wrong source file, say) would take long to say so.
    static let closestSearchLimit = 1000

    /// The source prepared for finding passages in it, once per source.
    mutating func finder(for source: SourceText) -> PassageFinder {
        if let finder = finders[source.id] { return finder }
        let finder = PassageFinder(source: source.id, file: source.file, text: source.text)
        finders[source.id] = finder
        return finder
    }

    /// Reports a quote that is not verbatim in its source, with the passage closest to it there.
    mutating func reportNotVerbatim(_ text: String, in source: SourceText, at offset: Int) {
        let id = "source \"\(TerminalText.sanitize(source.id))\""
        closestSearches += 1
        guard closestSearches <= TimelineDecoder.closestSearchLimit else {
            report(offset, "the quote is not verbatim in \(id) (the closest passage is looked for in the first "
                   + "\(Wording.grouped(TimelineDecoder.closestSearchLimit)) such quotes of a file only)")
            return
        }
        guard let closest = finder(for: source).closest(to: text).first else {
            report(offset, "the quote is not verbatim in \(id), and no passage there is close to it")
            return
        }
        problems.append(Problem(offset: offset, message: "the quote is not verbatim in \(id); the closest passage is at "
                                + "\(closest.place.label): \(closest.summary())", closestPassage: closest))
    }

    /// Reports a quote found more than once (`count` times in its context), or never in its
    /// context (`count` nil), with where it is and the selectors that would pick each occurrence.
    mutating func reportOccurrences(of quote: Quote, in source: SourceText, at offset: Int, count: Int?) {
        let occurrences = finder(for: source).occurrences(of: quote.text)
        let id = "source \"\(TerminalText.sanitize(source.id))\""
        let places = occurrences.map { "line \($0.place.line), column \($0.place.column)" }
        let picks = occurrences.prefix(4).compactMap { occurrence in
            occurrence.selector.map { "\"\($0.field)\": \"\(JSONOut.escaped($0.text))\" for line \(occurrence.place.line), column \(occurrence.place.column)" }
        }
        let proposal = picks.isEmpty ? "" : ": " + picks.joined(separator: "; ") + (occurrences.count > 4 ? "; …" : "")
        let message: String
        if let count {
            let how = quote.prefix == nil && quote.suffix == nil ? "add a \"prefix\" or \"suffix\"" : "make the \"prefix\" or \"suffix\" longer"
            message = "the quote occurs \(count) times in \(id) (\(places.joined(separator: "; "))); \(how) to pick one" + proposal
        } else {
            message = "the quote is in \(id) (\(places.joined(separator: "; "))) but never with the given prefix and suffix around it"
                + (picks.isEmpty ? "" : "; to pick one, use" + proposal)
        }
        problems.append(Problem(offset: offset, message: message, occurrences: occurrences.map(\.place)))
    }

    /// Whether a date worked out from `phrase` against `anchor` may be `date`: an error when tl
    /// resolves the phrase to another date; a warning when it cannot resolve it and no `note`
    /// says how the date was worked out.
    mutating func checkDerivation(_ phrase: String, anchor: TimelineDate, note: String?, date: TimelineDate?, at offset: Int) -> Bool {
        let shown = Wording.quoted(TerminalText.sanitize(phrase))
        switch RelativeDate.read(phrase, against: anchor) {
        case .date(let resolved):
            if let date, resolved != date {
                report(offset, "\(shown) resolved against \(anchor.iso) is \(resolved.iso), not \(date.iso)")
                return false
            }
        case .needsAnchor(let precision) where note == nil:
            warn(offset, "\(shown) cannot be resolved against \(anchor.iso), which is less precise than a \(precision.rawValue); "
                 + "give an \"anchor\" that is, or a \"note\" saying how the date was worked out")
        case .unknown where note == nil:
            warn(offset, "tl cannot resolve \(shown) (docs/data-format.md lists the phrases it can); "
                 + "add a \"note\" saying how the date was worked out")
        case .needsAnchor, .unknown:
            break
        }
        return true
    }
}
