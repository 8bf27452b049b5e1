// A timeline's own words for its measures: the top-level `measureKinds` and `measureStatuses`
// add to the built-in kinds and statuses, so that a story that is not about trade (a council's
// rent cap "proposed", "passed", "signed") can say what happened in its own terms. A word
// outside both is still an error, with the nearest word named. The lists may come anywhere in
// the file, after the measures too, so a word that is not built in is checked once the whole
// file is read.

/// The kinds and statuses a timeline declares, and the words its measures use that are not
/// built in, to check against them at the end.
struct DeclaredVocabulary {
    enum Which { case kind, status }
    var kinds: [(word: String, offset: Int)] = []
    var statuses: [(word: String, offset: Int)] = []
    /// Words used that are not built in, with where each is used.
    var uses: [(word: String, offset: Int, which: Which)] = []

    static let builtInKinds = Set(MeasureKind.builtIn.map(\.rawValue))
    static let builtInStatuses = Set(MeasureStatus.builtIn.map(\.rawValue))
}

extension TimelineDecoder {
    /// Reads a `measureKinds` or `measureStatuses` array: non-empty strings, each new.
    mutating func words(_ which: DeclaredVocabulary.Which) throws -> [(word: String, offset: Int)] {
        var words: [(word: String, offset: Int)] = []
        let builtIn = which == .kind ? DeclaredVocabulary.builtInKinds : DeclaredVocabulary.builtInStatuses
        let noun = which == .kind ? "kind" : "status"
        try elements { d in
            let offset = d.reader.position
            guard let word = try d.string() else { return }
            if builtIn.contains(word) {
                d.warn(offset, "\"\(TerminalText.sanitize(word))\" is a built-in \(noun); it need not be declared")
            } else if words.contains(where: { $0.word == word }) {
                d.warn(offset, "\"\(TerminalText.sanitize(word))\" is declared twice")
            } else {
                words.append((word, offset))
            }
        }
        return words
    }

    /// Reads a measure's kind or a change's status: a built-in word, or one to check against
    /// the timeline's own once the file is read.
    mutating func vocabularyWord(_ which: DeclaredVocabulary.Which) throws -> String? {
        let offset = reader.position
        guard let word = try string() else { return nil }
        let builtIn = which == .kind ? DeclaredVocabulary.builtInKinds : DeclaredVocabulary.builtInStatuses
        if !builtIn.contains(word) { vocabulary.uses.append((word, offset, which)) }
        return word
    }

    /// Reports every kind and status used that is neither built in nor declared.
    mutating func checkVocabulary() {
        let kinds = MeasureKind.builtIn.map(\.rawValue) + vocabulary.kinds.map(\.word)
        let statuses = MeasureStatus.builtIn.map(\.rawValue) + vocabulary.statuses.map(\.word)
        for use in vocabulary.uses {
            let (known, noun, list) = use.which == .kind ? (kinds, "kind", "measureKinds") : (statuses, "status", "measureStatuses")
            guard !known.contains(use.word) else { continue }
            let allowed = known.map { "\"\($0)\"" }.joined(separator: ", ")
            report(use.offset, "\"\(TerminalText.sanitize(use.word))\" is not a valid \(noun)\(didYouMean(use.word, among: known)); "
                   + "expected one of \(allowed), or one the timeline declares in \"\(list)\"")
        }
    }

    /// " (did you mean "kudlow"?)" when one of `names` is close to `name`, else "".
    func didYouMean(_ name: String, among names: some Sequence<String>) -> String {
        closestName(to: name, among: names).map { " (did you mean \"\(TerminalText.sanitize($0))\"?)" } ?? ""
    }
}
