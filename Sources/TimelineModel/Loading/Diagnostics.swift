/// One problem found in a timeline: where it is, how serious, and what is wrong.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The timeline does not load.
        case error
        /// The timeline loads, but something in it needs a look: a relative date phrase tl
        /// cannot resolve and no note says how the date was worked out.
        case warning
    }

    /// The file, as the user named it (the timeline file or a source text).
    public var file: String
    /// The line, from 1, when the problem has a place in the file.
    public var line: Int?
    /// The column, from 1, counting Unicode scalars.
    public var column: Int?
    /// JSON path of the value, e.g. `$.events[3].date`, when the problem is in the timeline file.
    public var path: String?
    /// What is wrong, and where it helps, how to put it right.
    public var message: String
    /// An error, or a warning.
    public var severity: Severity
    /// For a quote that is not verbatim in its source: the passage there closest to it, with
    /// its place and what differs; nil when nothing there is close.
    public var closestPassage: ClosestPassage?
    /// For a quote found more than once, or never between its prefix and suffix: where it is
    /// in its source.
    public var occurrences: [SourcePlace]

    /// A problem in `file`, at `line`:`column` and `path` when known.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil, message: String,
                severity: Severity = .error, closestPassage: ClosestPassage? = nil, occurrences: [SourcePlace] = []) {
        self.file = file; self.line = line; self.column = column; self.path = path; self.message = message
        self.severity = severity; self.closestPassage = closestPassage; self.occurrences = occurrences
    }

    /// `file:line:column: path: message`, the form compilers use, so editors can jump to it;
    /// a warning's message starts with "warning: ".
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let path { place += ": \(path)" }
        return place + ": " + (severity == .warning ? "warning: " : "") + message
    }
}

/// Loading failed; `diagnostics` holds every error found, in file order, and `warnings` what
/// else needs a look.
public struct TimelineLoadError: Error, Sendable, CustomStringConvertible {
    /// Every error, in file order.
    public var diagnostics: [Diagnostic]
    /// Every warning, in file order.
    public var warnings: [Diagnostic]
    /// What of the timeline could be read despite the problems (every entry that holds
    /// together: quotes found in their sources, references that lead somewhere), for a browser
    /// to show beside them; nil when the file is not JSON at all or nothing could be read.
    public var partial: Timeline?

    /// A failed load with these errors and warnings.
    public init(diagnostics: [Diagnostic], warnings: [Diagnostic] = []) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }

    /// Every error, one a line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
