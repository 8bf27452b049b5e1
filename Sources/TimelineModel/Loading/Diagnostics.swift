/// One problem found in a timeline: where it is and what is wrong.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// JSON path of the value, e.g. `$.events[3].date`, when the problem is in the timeline file.
    public var path: String?
    public var message: String

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
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
