// Where a quote that is not verbatim in its source came from: the passage closest to it, and
// what differs. Both texts are folded (`FoldedText`: quotation marks, apostrophes, dashes,
// whitespace, ellipses and letter case set aside); windows of the source are picked by the
// pieces of the quote they share (each piece found with `ByteSearch`), and the best few are
// aligned with the quote by an edit distance kept to a band around the window's diagonal, so
// the work grows with the quote's length and the number of places its pieces occur, not with
// the square of the source. The differences are then read off the alignment in the original
// texts, each named as typography (the fix is obvious) or as a change of wording.

/// A passage of a source text: its place there.
public struct SourcePlace: Sendable, Hashable, Codable {
    /// The source's id.
    public var source: String
    /// The source's text file, as the user named it.
    public var file: String
    /// The line the passage starts on, from 1.
    public var line: Int
    /// The column it starts at, from 1, counting Unicode scalars.
    public var column: Int
    /// Where it starts in the source text, in Unicode scalars.
    public var start: Int
    /// Where it ends, exclusive.
    public var end: Int

    /// A passage at these offsets, on this line and column.
    public init(source: String, file: String, line: Int, column: Int, start: Int, end: Int) {
        self.source = source; self.file = file; self.line = line; self.column = column; self.start = start; self.end = end
    }

    /// "line 3, column 12 (offsets 140–201)".
    public var label: String { "line \(line), column \(column) (offsets \(start)–\(end))" }
}

/// One way a quote differs from the passage closest to it.
public struct PassageDifference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of difference it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Straight against curly quotation marks, or a quotation mark one has and the other not.
        case quotationMarks = "quotation marks"
        /// Straight against curly apostrophes.
        case apostrophe
        /// A hyphen against a dash, or one dash against another.
        case dash
        /// Spaces: more, fewer, or other kinds.
        case whitespace
        /// A space against a line break.
        case lineBreak = "line break"
        /// Three dots against an ellipsis character, or an ellipsis one has and the other not.
        case ellipsis
        /// The same letters in another case.
        case letterCase = "letter case"
        /// Other punctuation: a comma, a full stop.
        case punctuation
        /// A changed, added or missing word.
        case wording

        /// Whether a difference of this kind is one of typography only: the words are the same.
        public var isTypographic: Bool {
            switch self {
            case .quotationMarks, .apostrophe, .dash, .whitespace, .lineBreak, .ellipsis: true
            case .letterCase, .punctuation, .wording: false
            }
        }
    }

    /// The kind of difference.
    public var kind: Kind
    /// What the quote has here (may be empty).
    public var quoteText: String
    /// What the source has instead (may be empty).
    public var sourceText: String
    /// Where it is in the quote, in Unicode scalars.
    public var quoteRange: Range<Int>
    /// Where it is in the source text, in Unicode scalars.
    public var sourceRange: Range<Int>

    /// Whether the difference is one of typography only.
    public var isTypographic: Bool { kind.isTypographic }

    /// "the quote has a straight quotation mark (\") where the source has an opening curly
    /// quotation mark (“)", "the quote has “remains” where the source has “stays”".
    public var description: String {
        "the quote has \(Typography.describe(quoteText)) where the source has \(Typography.describe(sourceText))"
    }
}

/// The passage of a source closest to a quote that is not verbatim there.
public struct ClosestPassage: Sendable, Hashable, Codable {
    /// Where the passage is.
    public var place: SourcePlace
    /// The passage as the source has it: the quote's text, corrected.
    public var text: String
    /// How the quote differs from it, in order.
    public var differences: [PassageDifference]
    /// The edit distance between the two once typography is folded away (0 when they differ in
    /// typography only).
    public var distance: Int

    /// Whether every difference is one of typography.
    public var typographyOnly: Bool { differences.allSatisfy(\.isTypographic) }

    /// What differs, in one sentence: "it differs in typography only: the quote has … where the
    /// source has …; …". At most `limit` differences are spelt out.
    public func summary(limit: Int = 4) -> String {
        guard !differences.isEmpty else { return "it is the same text" }
        let shown = differences.prefix(limit).map { "\($0.kind.rawValue): \($0)" }
        let more = differences.count > limit ? "; and \(Wording.counted(differences.count - limit, "more difference"))" : ""
        return (typographyOnly ? "it differs in typography only: " : "") + shown.joined(separator: "; ") + more
    }
}

/// A source text prepared for finding the passages closest to quotes (folded once, searched
/// for as many quotes as needed).
public struct PassageFinder: Sendable {
    /// The source's id and text file, for the places found.
    public let source: String
    /// The source's text file as the user named it.
    public let file: String
    let folded: FoldedText
    /// The original text, as UTF-8, for finding it verbatim.
    let utf8: [UInt8]

    /// Prepares `text`, the text of source `source` read from `file`.
    public init(source: String, file: String, text: String) {
        self.source = source
        self.file = file
        folded = FoldedText(text)
        utf8 = Array(text.utf8)
    }

    /// The passages of the source closest to `quote`, best first, at most `limit` of them:
    /// each no more than a third of the quote's length of edits away from it once typography is
    /// folded away, a passage that starts or ends inside a word counting two edits more for
    /// each. Empty when nothing in the source is that close.
    public func closest(to quote: String, limit: Int = 1) -> [ClosestPassage] {
        let pattern = FoldedText(quote)
        let m = pattern.bytes.count
        guard m >= 2, !folded.bytes.isEmpty else { return [] }
        let allowed = max(1, m / 3)
        var scored: [(score: Int, passage: ClosestPassage)] = []
        for diagonal in candidateDiagonals(of: pattern.bytes, count: limit + 3) {
            guard let alignment = align(pattern.bytes, at: diagonal), alignment.distance <= allowed,
                  let passage = passage(of: alignment, quote: pattern) else { continue }
            let score = alignment.distance + cutWords(passage.place, quote: pattern.scalars)
            if score <= allowed, !scored.contains(where: { $0.passage.place.start == passage.place.start && $0.passage.place.end == passage.place.end }) {
                scored.append((score, passage))
            }
        }
        return Array(scored.sorted { ($0.score, $0.passage.place.start) < ($1.score, $1.passage.place.start) }.prefix(limit).map(\.passage))
    }

    /// Two for each end of a passage that falls inside a word of the source where the quote's
    /// end does not: a passage of "ta tariff's on steel st" is no match for "the tarif on steel stays".
    func cutWords(_ place: SourcePlace, quote: [Unicode.Scalar]) -> Int {
        let text = folded.scalars
        guard place.start < place.end, let first = quote.first, let last = quote.last else { return 0 }
        var cut = 0
        if place.start > 0, Typography.isWordCharacter(text[place.start - 1]), Typography.isWordCharacter(text[place.start]),
           Typography.isWordCharacter(first) { cut += 2 }
        if place.end < text.count, Typography.isWordCharacter(text[place.end]), Typography.isWordCharacter(text[place.end - 1]),
           Typography.isWordCharacter(last) { cut += 2 }
        return cut
    }

    // MARK: Candidate windows

    /// At most this many pieces of a quote are looked for.
    static let maximumPieces = 48
    /// A piece found more often than this says little about where the quote is, and is set aside.
    static let maximumHitsPerPiece = 4096

    /// Where in the folded source the quote's first byte would stand in the windows that share
    /// most pieces with it, best first.
    func candidateDiagonals(of pattern: [UInt8], count: Int) -> [Int] {
        let m = pattern.count
        let k = m >= 32 ? 6 : max(2, min(5, m / 3))
        guard m >= k else { return [] }
        let positions = m - k + 1
        let step = max(1, positions / PassageFinder.maximumPieces)
        var hits: [(diagonal: Int, piece: Int)] = []
        var common: [(diagonal: Int, piece: Int)] = []
        pattern.withUnsafeBufferPointer { needle in
            folded.bytes.withUnsafeBufferPointer { haystack in
                var piece = 0
                for i in stride(from: 0, to: positions, by: step) {
                    let found = ByteSearch.all(UnsafeBufferPointer(rebasing: needle[i..<(i + k)]), in: haystack,
                                               limit: PassageFinder.maximumHitsPerPiece + 1)
                    if found.count > PassageFinder.maximumHitsPerPiece {
                        if common.count < PassageFinder.maximumHitsPerPiece { common += found.map { ($0 - i, piece) } }
                    } else {
                        hits += found.map { ($0 - i, piece) }
                    }
                    piece += 1
                }
            }
        }
        // Only pieces found everywhere (a source that repeats itself): use them after all.
        if hits.isEmpty { hits = common }
        guard !hits.isEmpty else { return [] }
        hits.sort { $0.diagonal < $1.diagonal }
        // The windows of diagonals (as wide as the drift insertions and deletions allow) that
        // hold the most distinct pieces, each then set aside with its neighbourhood.
        let width = m / 4 + 8
        var taken = [Bool](repeating: false, count: hits.count)
        var diagonals: [Int] = []
        while diagonals.count < count {
            var best: (score: Int, first: Int, last: Int)? = nil
            var seen: [Int: Int] = [:]
            var low = 0
            for high in hits.indices where !taken[high] {
                seen[hits[high].piece, default: 0] += 1
                while hits[high].diagonal - hits[low].diagonal > width || taken[low] {
                    if !taken[low] {
                        seen[hits[low].piece]! -= 1
                        if seen[hits[low].piece] == 0 { seen[hits[low].piece] = nil }
                    }
                    low += 1
                }
                if seen.count > best?.score ?? 0 { best = (seen.count, low, high) }
            }
            guard let best else { break }
            // The most common diagonal of the window: where most pieces agree.
            var votes: [Int: Int] = [:]
            for i in best.first...best.last where !taken[i] { votes[hits[i].diagonal, default: 0] += 1 }
            let diagonal = votes.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
            diagonals.append(diagonal)
            for i in hits.indices where abs(hits[i].diagonal - diagonal) <= m { taken[i] = true }
        }
        return diagonals
    }

    // MARK: Alignment

    enum Step: UInt8 { case both = 0, quoteOnly = 1, sourceOnly = 2 }

    struct Alignment {
        var distance: Int
        /// From the start: each step, with the folded bytes it takes (the quote's, the source's).
        var steps: [(step: Step, quote: Int, source: Int)]
    }

    /// What putting one byte for another costs: nothing for the same byte, one for a letter for
    /// a letter or a mark for a mark, and two (a deletion and an insertion) across those or for
    /// a space, so that a quotation mark the quote adds is not lined up with the space before
    /// the passage.
    @inline(__always)
    static func substitutionCost(_ a: UInt8, _ b: UInt8) -> Int32 {
        guard a != b else { return 0 }
        func kind(_ byte: UInt8) -> Int {
            if byte == 0x20 { return 0 }
            return byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) ? 1 : 2
        }
        return kind(a) == kind(b) && kind(a) != 0 ? 1 : 2
    }

    /// The cells of one alignment are kept under this many.
    static let cellBudget = 4_000_000

    /// The best alignment of the whole quote with a stretch of the source near `diagonal`
    /// (where the quote's first byte would stand): the fewest insertions, deletions and
    /// substitutions, the stretch's start and end free, within a band around the diagonal.
    func align(_ pattern: [UInt8], at diagonal: Int) -> Alignment? {
        let text = folded.bytes
        let m = pattern.count
        let band = max(8, min(m / 3 + 8, PassageFinder.cellBudget / (2 * (m + 1))))
        let low = max(0, diagonal - band)
        let high = min(text.count, diagonal + m + band)
        guard low < high else { return nil }
        let width = 2 * band + 1
        let offset = diagonal - low  // column of the diagonal in row 0
        let infinity = Int32.max / 2
        var previous = [Int32](repeating: infinity, count: width)
        var current = [Int32](repeating: infinity, count: width)
        var moves = [UInt8](repeating: 0, count: (m + 1) * width)
        // Row i covers window columns j = i + offset - band + k, for k in 0..<width.
        func column(_ i: Int, _ k: Int) -> Int { i + offset - band + k }
        for k in 0..<width where (0...(high - low)).contains(column(0, k)) { previous[k] = 0 }
        for i in 1...m {
            for k in 0..<width {
                let j = column(i, k)
                guard j >= 0, j <= high - low else { current[k] = infinity; continue }
                var best = infinity
                var move = Step.both
                if j >= 1, previous[k] < infinity {
                    best = previous[k] + PassageFinder.substitutionCost(pattern[i - 1], text[low + j - 1])
                }
                if k + 1 < width, previous[k + 1] + 1 < best { best = previous[k + 1] + 1; move = .quoteOnly }
                if k >= 1, j >= 1, current[k - 1] + 1 < best { best = current[k - 1] + 1; move = .sourceOnly }
                current[k] = best
                moves[i * width + k] = move.rawValue
            }
            swap(&previous, &current)
        }
        guard let end = (0..<width).filter({ previous[$0] < infinity }).min(by: { previous[$0] < previous[$1] }) else { return nil }
        var steps: [(step: Step, quote: Int, source: Int)] = []
        var i = m, k = end
        while i > 0 {
            let j = column(i, k)
            let move = Step(rawValue: moves[i * width + k])!
            switch move {
            case .both: steps.append((.both, i - 1, low + j - 1)); i -= 1
            case .quoteOnly: steps.append((.quoteOnly, i - 1, low + j)); i -= 1; k += 1
            case .sourceOnly: steps.append((.sourceOnly, i, low + j - 1)); k -= 1
            }
        }
        return Alignment(distance: Int(previous[end]), steps: steps.reversed())
    }

    // MARK: Differences

    /// The passage an alignment covers and how the quote differs from it.
    func passage(of alignment: Alignment, quote: FoldedText) -> ClosestPassage? {
        let steps = alignment.steps
        guard let firstSource = steps.first(where: { $0.step != .quoteOnly })?.source,
              let lastSource = steps.last(where: { $0.step != .quoteOnly })?.source else { return nil }
        let span = folded.originalRange(firstSource..<(lastSource + 1))
        // A step is the same in both texts when its bytes match and so do the characters they fold from.
        func same(_ s: Int) -> Bool {
            let step = steps[s]
            guard step.step == .both, quote.bytes[step.quote] == folded.bytes[step.source] else { return false }
            return quote.text(quote.originalRange(step.quote..<(step.quote + 1)))
                == folded.text(folded.originalRange(step.source..<(step.source + 1)))
        }
        var differing: [Range<Int>] = []
        var s = 0
        while s < steps.count {
            guard !same(s) else { s += 1; continue }
            let first = s
            while s < steps.count, !same(s) { s += 1 }
            differing.append(first..<s)
        }
        // A changed word is shown whole; runs that then overlap are one difference.
        var runs: [Range<Int>] = []
        for var run in differing {
            if !difference(steps, run, quote).isTypographic {
                while run.lowerBound > 0, isWordStep(steps[run.lowerBound - 1], quote) { run = (run.lowerBound - 1)..<run.upperBound }
                while run.upperBound < steps.count, isWordStep(steps[run.upperBound], quote) { run = run.lowerBound..<(run.upperBound + 1) }
            }
            if let last = runs.last, last.upperBound > run.lowerBound {
                runs[runs.count - 1] = last.lowerBound..<max(last.upperBound, run.upperBound)
            } else {
                runs.append(run)
            }
        }
        let differences = runs.map { difference(steps, $0, quote) }
        let place = SourcePlace(source: source, file: file, line: 0, column: 0, start: span.lowerBound, end: span.upperBound)
        return ClosestPassage(place: placed(place), text: folded.text(span), differences: differences, distance: alignment.distance)
    }

    /// Whether a step is the same word character in both texts.
    private func isWordStep(_ step: (step: Step, quote: Int, source: Int), _ quote: FoldedText) -> Bool {
        guard step.step == .both, quote.bytes[step.quote] == folded.bytes[step.source] else { return false }
        let q = quote.originalRange(step.quote..<(step.quote + 1))
        return q.count == 1 && Typography.isWordCharacter(quote.scalars[q.lowerBound])
    }

    /// The quote's scalars that a run of steps covers.
    private func quoteRange(_ steps: [(step: Step, quote: Int, source: Int)], _ run: Range<Int>, _ quote: FoldedText) -> Range<Int> {
        let bytes = steps[run].filter { $0.step != .sourceOnly }.map(\.quote)
        guard let first = bytes.first, let last = bytes.last else {
            return quote.originalRange(steps[run.lowerBound].quote..<steps[run.lowerBound].quote)
        }
        return quote.originalRange(first..<(last + 1))
    }

    /// The difference a run of differing steps makes.
    private func difference(_ steps: [(step: Step, quote: Int, source: Int)], _ run: Range<Int>, _ quote: FoldedText) -> PassageDifference {
        let quoteRange = quoteRange(steps, run, quote)
        let sourceBytes = steps[run].filter { $0.step != .quoteOnly }.map(\.source)
        let sourceRange: Range<Int>
        if let first = sourceBytes.first, let last = sourceBytes.last {
            sourceRange = folded.originalRange(first..<(last + 1))
        } else {
            // Nothing in the source here: the empty range before the next source byte the alignment takes.
            let next = steps[run.upperBound...].first { $0.step != .quoteOnly }?.source ?? (steps[..<run.lowerBound].last { $0.step != .quoteOnly }.map { $0.source + 1 } ?? 0)
            sourceRange = folded.originalRange(next..<next)
        }
        let quoteText = quote.text(quoteRange), sourceText = folded.text(sourceRange)
        return PassageDifference(kind: Typography.kind(quoteText, sourceText, sourceContext: folded.scalars, at: sourceRange),
                                 quoteText: quoteText, sourceText: sourceText, quoteRange: quoteRange, sourceRange: sourceRange)
    }

    /// The place with its line and column worked out.
    func placed(_ place: SourcePlace) -> SourcePlace {
        var result = place
        var line = 1, lineStart = 0
        for i in 0..<min(place.start, folded.scalars.count) where folded.scalars[i] == "\n" {
            line += 1
            lineStart = i + 1
        }
        result.line = line
        result.column = place.start - lineStart + 1
        return result
    }
}

extension Typography {
    /// What kind of difference it is when a quote has `quote` where the source has `source`.
    static func kind(_ quote: String, _ source: String, sourceContext: [Unicode.Scalar], at range: Range<Int>) -> PassageDifference.Kind {
        let a = Array(quote.unicodeScalars), b = Array(source.unicodeScalars)
        if strippingTypography(a) == strippingTypography(b) {
            let classes = (a + b).map { Typography.class(of: $0) }
            let dots = (a + b).contains("…") || quote.contains("..") || source.contains("..")
            if dots || classes.contains(.ellipsis) { return .ellipsis }
            if classes.contains(.dash) { return .dash }
            if classes.contains(.doubleQuote) { return .quotationMarks }
            if classes.contains(.singleQuote) {
                // After a letter ("don’t", "leaders’") it is an apostrophe; elsewhere, a quotation mark.
                let before = range.lowerBound > 0 ? sourceContext[range.lowerBound - 1] : " "
                return Typography.isWordCharacter(before) ? .apostrophe : .quotationMarks
            }
            return (a + b).contains("\n") ? .lineBreak : .whitespace
        }
        let letters = { (text: String) in String(String.UnicodeScalarView(text.unicodeScalars.filter(Typography.isWordCharacter))) }
        if letters(quote) == letters(source) { return .punctuation }
        if letters(quote).lowercased() == letters(source).lowercased() { return .letterCase }
        return .wording
    }

    /// The characters that carry words and punctuation, without those of typography.
    private static func strippingTypography(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var kept: [Unicode.Scalar] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            // Two or more dots are an ellipsis; one is a full stop.
            if scalar == ".", i + 1 < scalars.count, scalars[i + 1] == "." {
                while i < scalars.count, scalars[i] == "." { i += 1 }
                continue
            }
            if Typography.class(of: scalar) == .other { kept.append(scalar) }
            i += 1
        }
        return kept
    }

    /// A stretch of text as a message names it: "nothing", "a space", "a line break", "a
    /// straight quotation mark (\")", or the text itself in quotation marks (`Wording.quoted`).
    static func describe(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return "nothing" }
        if scalars.allSatisfy({ Typography.class(of: $0) == .whitespace }) {
            let breaks = scalars.filter { $0 == "\n" }.count
            switch (breaks, scalars.count) {
            case (0, 1): return scalars[0] == " " ? "a space" : "a space (\(TerminalText.codePointLabel(scalars[0])))"
            case (0, let n): return "\(n) spaces"
            case (1, 1): return "a line break"
            case (2, 2): return "a paragraph break"
            default: return "\(Wording.counted(breaks, "line break")) and \(Wording.counted(scalars.count - breaks, "space"))"
            }
        }
        if scalars.count == 1, let name = characterNames[scalars[0]] { return name }
        if text == "..." { return "three dots (...)" }
        return Wording.quoted(TerminalText.sanitize(text))
    }

    static let characterNames: [Unicode.Scalar: String] = [
        "\"": "a straight quotation mark (\")",
        "“": "an opening curly quotation mark (“)",
        "”": "a closing curly quotation mark (”)",
        "'": "a straight apostrophe (')",
        "‘": "an opening curly single quotation mark (‘)",
        "’": "a curly apostrophe (’)",
        "-": "a hyphen (-)",
        "–": "an en dash (–)",
        "—": "an em dash (—)",
        "…": "an ellipsis (…)",
        ".": "a full stop (.)",
        ",": "a comma (,)",
    ]
}
