// The sources of a timeline alone, for `tl cite` while the rest of the timeline is being
// written: a quote that is not verbatim yet, an event half typed, must not stop the search for
// the passage it needs.

extension TimelineLoader {
    /// Reads only the `sources` section of a timeline file and their texts, stepping over the
    /// rest unchecked; fails only when the file is not JSON or a source cannot be read.
    public static func loadSources(_ files: TimelineFiles) -> Result<[Source], TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch readMainFile(files) {
        case .success(let bytes): file = bytes
        case .failure(let error): return .failure(error)
        }
        return file.withUnsafeBufferPointer { bytes in
            var decoder = TimelineDecoder(ExactPass(), files: files, fileName: mainName, file: file, bytes: bytes, progress: nil, preview: nil)
            return decoder.decodeSourcesOnly()
        }
    }
}

extension TimelineDecoder {
    /// The sources section, read on its own; problems elsewhere in the file are not looked for.
    mutating func decodeSourcesOnly() -> Result<[Source], TimelineLoadError> {
        do {
            try reader.start()
            guard var object = try beginObject(TopField.self) else { return .failure(TimelineLoadError(diagnostics: diagnostics().errors)) }
            while let field = try nextField(&object) {
                if field == .sources { try decodeSection(.sources) } else { try reader.skipValue() }
            }
        } catch let error as JSONSyntaxError {
            let place = JSONLocator.places(of: [error.offset], in: reader.bytes, syntaxError: true)[error.offset]!
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, line: place.line, column: place.column, path: place.path, message: error.message)]))
        } catch {
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, message: "\(error)")]))
        }
        // Unknown fields at the top are the rest of the timeline's business.
        let errors = diagnostics().errors.filter { $0.path?.hasPrefix("$.sources") == true }
        return errors.isEmpty ? .success(entries.sources) : .failure(TimelineLoadError(diagnostics: errors))
    }
}
