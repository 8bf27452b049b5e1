/// One problem found in a timeline: where it is and what is wrong.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
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

    /// A problem in `file`, at `line`:`column` and `path` when known.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.path = path; self.message = message
    }

    /// `file:line:column: path: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let path { place += ": \(path)" }
        return place + ": " + message
    }
}

/// Loading failed; `diagnostics` holds every problem found, in file order.
public struct TimelineLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in file order.
    public var diagnostics: [Diagnostic]
    /// Every problem, one a line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
