import PostgresNIO

/// Carries an error thrown by `mutateRoom`'s `decide` through postgres-nio's transaction
/// wrapper, so that it reaches the caller unchanged rather than as a database failure.
struct DecideFailure: Error {
    let error: any Error
}

extension PostgresRoomStore {
    /// postgres-nio's errors as `StoreError`s. `PSQLError`'s own description is redacted by
    /// design; we take its code, the SQLSTATE and the server's primary message, which names
    /// constraints but no values (values are in the `detail` field, which is left out).
    func mapped(_ error: any Error, doing action: String) -> any Error {
        switch error {
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return mapped(inner, doing: action)
            }
            return StoreError.unavailable("\(action) on \(location.description): the transaction failed")
        case let error as DecideFailure:
            return error.error
        case is StoreError, is CancellationError:
            return error
        case let error as PSQLError:
            return mapped(error, doing: action)
        case is PostgresDecodingError:
            return StoreError.corrupt("\(action) on \(location.description): a row cannot be decoded")
        default:
            // The connection pool's own errors (connection attempts failing, pool shut down).
            return StoreError.unavailable("\(action): cannot reach PostgreSQL at \(location.description): \(error)")
        }
    }

    private func mapped(_ error: PSQLError, doing action: String) -> StoreError {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            let cause = error.underlying.map { ": \($0)" } ?? ""
            return .unavailable("\(action): cannot reach PostgreSQL at \(location.description) (\(error.code))\(cause)")
        }
        let message = "\(action) on \(location.description): \(error.serverInfo?[.message] ?? "error") (SQLSTATE \(state))"
        switch state {
        case let state where state.hasPrefix("23"):  // integrity constraint violation
            return .conflict(message)
        case "40001", "40P01":  // serialization failure, deadlock: the caller may retry
            return .conflict(message)
        case "42P01", "3F000":  // undefined table or schema: migrate() has not run
            return .migrationFailed(message + "; run migrate() first")
        case "XX001", "XX002":  // data or index corrupted
            return .corrupt(message)
        default:
            return .unavailable(message)
        }
    }
}
