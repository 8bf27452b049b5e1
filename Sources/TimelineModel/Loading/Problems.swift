// What the decoder keeps while it reads: the problems found so far, and every id seen.

/// One problem in the timeline file, at a byte offset; its line, column and JSON path are
/// worked out once decoding is over, for all problems in one pass.
struct Problem: Error {
    var offset: Int
    var message: String
    /// For a duplicate id: where the id was first used, named at the end of the message.
    var firstUse: Int?
    /// A problem inside another file (a source text), reported as it is; `offset` is the
    /// field naming that file, which places it among the others.
    var elsewhere: Diagnostic?
    /// For a quote not verbatim in its source: the closest passage there.
    var closestPassage: ClosestPassage?
    /// For a quote found more than once, or never in its context: where it is.
    var occurrences: [SourcePlace] = []
}

extension Problem {
    /// `problems` in file order, each with its line, column and JSON path in `bytes`, the JSON
    /// file called `file`.
    static func diagnostics(_ problems: [Problem], in bytes: UnsafeBufferPointer<UInt8>, file: String, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        let offsets = problems.flatMap { problem in [problem.offset] + (problem.firstUse.map { [$0] } ?? []) }
        let places = JSONLocator.places(of: offsets, in: bytes)
        let ordered = problems.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        return ordered.map { _, problem in
            if let elsewhere = problem.elsewhere { return elsewhere }
            let place = places[problem.offset]
            var message = problem.message
            if let first = problem.firstUse, let firstPlace = places[first] {
                message += "; it is first used at \(firstPlace.path ?? "$") (line \(firstPlace.line))"
            }
            return Diagnostic(file: file, line: place?.line, column: place?.column, path: place?.path, message: message,
                              severity: severity, closestPassage: problem.closestPassage, occurrences: problem.occurrences)
        }
    }
}

/// The ids of one kind of entry: every id as written, valid entry or not (so that an entry
/// with some other problem is not also reported as unknown wherever it is used), with the
/// offset of its first valid entry, to name when the id comes again.
struct IDRegistry {
    enum Kind: String { case source, person, measure, event }
    /// -1 until the id has a valid entry.
    private var firstUse: [String: Int] = [:]

    func isDeclared(_ id: String) -> Bool { firstUse[id] != nil }

    /// Every id written, for suggesting the one a mistyped id meant.
    var ids: Dictionary<String, Int>.Keys { firstUse.keys }

    mutating func reserve(_ count: Int) { firstUse.reserveCapacity(count) }

    mutating func declare(_ id: String) {
        if firstUse[id] == nil { firstUse[id] = -1 }
    }

    /// Records a valid entry with `id` at `offset`; the offset of the first one if there was one.
    mutating func use(_ id: String, at offset: Int) -> Int? {
        guard let first = firstUse.updateValue(offset, forKey: id), first >= 0 else { return nil }
        firstUse[id] = first  // the first use is the one kept, and the one later duplicates name
        return first
    }
}
