import Dispatch
import Synchronization

// Reading the source texts a timeline cites: each a UTF-8 file beside the timeline file.

extension TimelineFiles {
    /// A source file's text with its line endings normalised, or what is wrong with it.
    func sourceText(_ file: String) -> Result<String, Problem> {
        switch read(file) {
        case .failure(let problem):
            return .failure(Problem(offset: 0, message: "source file \(displayPath(file)) \(problem.message)"))
        case .success(let raw):
            let normalised = normaliseLineEndings(raw.bytes)
            guard let decoded = String(validating: normalised, as: UTF8.self) else {
                let offset = normalised.withUnsafeBufferPointer(firstInvalidUTF8Offset)
                let (line, column) = lineAndColumn(of: offset, in: normalised)
                return .failure(Problem(offset: 0, message: "", elsewhere: Diagnostic(
                    file: displayPath(file), line: line, column: column, message: "invalid UTF-8 in source text")))
            }
            return .success(decoded)
        }
    }
}

/// `\r\n` line endings as `\n`.
func normaliseLineEndings(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(0x0D) else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for (i, byte) in bytes.enumerated() {
        if byte == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { continue }
        out.append(byte)
    }
    return out
}

/// Source texts read on a thread of their own while the rest of the timeline is decoded:
/// reading thousands of small files is mostly waiting on the file system.
final class SourceReading: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Set by the reading thread before `finished` is signalled; nil for a file that cannot be read as text.
    private let read = Mutex<[String?]>([])

    init(_ paths: [String], from files: TimelineFiles) {
        DispatchQueue.global().async {
            let texts = paths.map { path -> String? in
                if case .success(let text) = files.sourceText(path) { text } else { nil }
            }
            self.read.withLock { $0 = texts }
            self.finished.signal()
        }
    }

    /// Waits for every text.
    func texts() -> [String?] {
        finished.wait()
        finished.signal()
        return read.withLock { $0 }
    }
}
