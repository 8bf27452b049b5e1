import ArgumentParser
import TimelineModel

/// `tl cite SOURCE TEXT…`: where a passage is in a source, or the passages closest to it, and
/// the quote object to paste into the timeline.
struct Cite: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find a passage in a source: where it is, or the closest passages and how they differ.",
        discussion: """
            Prints where the text is in the source (offsets, line and column, with a little \
            context). A text found more than once is shown at each place, with the shortest \
            prefix or suffix that picks it. A text that is not verbatim in the source gets the \
            closest passages there and what differs (quotation marks, apostrophes, dashes, \
            whitespace and line breaks, an ellipsis, a changed word). With --json, each place \
            carries the quote object to paste into the timeline. A timeline that has problems \
            (one being written) still has its sources searched. Exits 3 when the text is not \
            verbatim in the source.
            """)
    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Source id or a unique prefix of its id or outlet.", valueName: "source")) var source: String
    @Argument(help: ArgumentHelp("The text to find; several words are joined with single spaces.", valueName: "text")) var words: [String]
    @Option(help: ArgumentHelp("At most this many closest passages for a text that is not verbatim.", valueName: "n")) var closest = 3

    func validate() throws {
        if words.isEmpty || words.joined().allSatisfy(\.isWhitespace) { throw ValidationError("give the text to find after the source") }
        if closest < 1 { throw ValidationError("--closest must be at least 1") }
    }

    func run() throws {
        let t = try sourcesToSearch()
        let s = try choose(.source, source, in: t)
        let text = words.joined(separator: " ")
        let files = common.data.map { TimelineFiles.disk($0) } ?? .bundled
        let finder = t.passageFinder(source: s, file: files.displayPath(t.sources[s].file))
        let occurrences = finder.occurrences(of: text)
        let passages = occurrences.isEmpty ? finder.closest(to: text, limit: closest) : []
        if common.json {
            printJSON(.object([
                ("source", .string(t.sources[s].id)), ("text", .string(text)), ("verbatim", .bool(!occurrences.isEmpty)),
                ("occurrences", .array(occurrences.map { occurrence in
                    .object([("quote", quoteObject(t.sources[s].id, text, occurrence.selector)), ("place", occurrence.place.json),
                             ("before", .string(occurrence.before)), ("after", .string(occurrence.after))])
                })),
                ("closest", .array(passages.map { passage in
                    // The corrected text may itself occur more than once: then it needs its selector too.
                    let selector = finder.occurrences(of: passage.text).first { $0.place.start == passage.place.start }?.selector
                    guard case .object(let fields) = passage.json else { return passage.json }
                    return .object([("quote", quoteObject(t.sources[s].id, passage.text, selector))] + fields)
                })),
            ]))
        } else {
            Plain.print(occurrences.isEmpty ? closestLines(t, s, text, passages, finder) : foundLines(t, s, text, occurrences))
        }
        if occurrences.isEmpty { throw Status.notFound }
    }

    /// The timeline; or, while it has problems (a timeline being written), a timeline of its
    /// sources alone, so that the passage a quote needs can still be found.
    func sourcesToSearch() throws -> Timeline {
        let files: TimelineFiles
        switch try OpenedData.open(common.data, format: common.format.format) {
        case .store(let storage, _): return storage.timeline()
        case .files(let opened, _): files = opened
        }
        switch loadForTheProcess(files) {
        case .success(let timeline): return timeline
        case .failure(let error):
            guard case .success(let sources) = TimelineLoader.loadSources(files) else {
                reportLoadError(error, dataPath: common.data)
                throw Status.dataError
            }
            writeError("tl: the timeline has \(Wording.counted(error.diagnostics.count, "problem")); searching its sources all the same")
            return Timeline(title: "", description: nil, sources: sources, people: [], measures: [], events: [])
        }
    }

    /// The quote object for the timeline: source, text, and the selector that picks it.
    func quoteObject(_ source: String, _ text: String, _ selector: (field: String, text: String)?) -> JSONOut {
        .object([("source", .string(source)), ("text", .string(text))] + (selector.map { [($0.field, JSONOut.string($0.text))] } ?? []))
    }

    func foundLines(_ t: Timeline, _ s: Int, _ text: String, _ occurrences: [Occurrence]) -> [String] {
        let id = t.sources[s].id
        var lines: [String]
        if occurrences.count == 1 {
            lines = Plain.heading("\(Wording.quoted(text)) is in \(id) once, at \(occurrences[0].place.label).")
        } else {
            lines = Plain.heading("\(Wording.quoted(text)) is in \(id) \(occurrences.count) times; the prefix or suffix shown picks each one.")
        }
        for occurrence in occurrences {
            lines.append("")
            if occurrences.count > 1 {
                let selector = occurrence.selector.map { "\"\($0.field)\": \"\(JSONOut.escaped($0.text))\"" } ?? "no prefix or suffix picks it"
                lines += Plain.paragraph("\(occurrence.place.label) · \(selector)")
            }
            lines += Plain.paragraph(context(occurrence.before, text, occurrence.after), indent: 4)
        }
        return lines
    }

    func closestLines(_ t: Timeline, _ s: Int, _ text: String, _ passages: [ClosestPassage], _ finder: PassageFinder) -> [String] {
        let id = t.sources[s].id
        guard !passages.isEmpty else {
            return Plain.heading("\(Wording.quoted(text)) is not in \(id), and no passage there is close to it.")
        }
        var lines = Plain.heading("\(Wording.quoted(text)) is not verbatim in \(id). "
                                  + (passages.count == 1 ? "The closest passage:" : "The closest passages:"))
        for (i, passage) in passages.enumerated() {
            lines.append("")
            lines += Plain.paragraph("\(i + 1). \(passage.place.label): \(passage.summary())")
            let (lead, tail) = finder.context(around: passage.place)
            lines += Plain.paragraph(context(lead, passage.text, tail), indent: 4)
        }
        return lines
    }

    /// "…before ⟦text⟧ after…", the passage marked in its line ("…" where the line goes on).
    func context(_ before: String, _ text: String, _ after: String) -> String {
        func cut(_ side: String) -> String { side.unicodeScalars.count == PassageFinder.contextLength ? "…" : "" }
        return cut(before) + before + "⟦" + text + "⟧" + after + cut(after)
    }
}
