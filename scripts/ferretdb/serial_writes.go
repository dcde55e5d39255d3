// Added to FerretDB v1.24.2 as internal/util/fsql/serial_writes.go by scripts/bootstrap.mjs
// (patch "sqlite-one-writer"): the SQLite backend's writes of one database queue in Go
// instead of contending for SQLite's lock.
//
// SQLite lets one connection write at a time; the others retry in its busy handler, which
// sleeps 1, 2, 5 … 100 ms between tries and gives up after busy_timeout (10 s in FerretDB).
// The retries are not fair — a writer that has slept up to 100 ms loses to every newcomer —
// so under sustained load a write can wait past the timeout and the application receives
// "database is locked (5) (SQLITE_BUSY)" for an insert or update that never happened. Only
// this process writes the files, so a mutex per database makes writers wait their turn
// (Go's mutex hands over in arrival order once a waiter has waited 1 ms) and SQLite's
// write lock is never contended; the busy timeout stays as a backstop. Reads do not take
// it: in WAL mode they never wait for a writer.
package fsql

import (
	"context"
	"database/sql"
	"sync"
)

// writeLock is the lock of DB.writes, nil unless SerialWrites was called.
type writeLock = sync.Mutex

// SerialWrites makes ExecContext and InTransaction of db wait for each other.
//
// The lock is taken only once the pool has given the writer its connection, and no other
// connection is asked for while it is held: a writer waiting for a connection while
// holding the lock could wait forever for a read-modify-write statement that holds a
// connection (its query's rows) and waits for the lock.
func (db *DB) SerialWrites() {
	db.writes = new(writeLock)
}

// lockWrites takes db's write lock, if it has one, and returns the function that releases it.
func (db *DB) lockWrites() func() {
	if db.writes == nil {
		return func() {}
	}

	db.writes.Lock()

	return db.writes.Unlock
}

// execSerial runs one statement on a connection of its own under db's write lock.
func (db *DB) execSerial(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.writes == nil {
		return db.sqlDB.ExecContext(ctx, query, args...)
	}

	conn, err := db.sqlDB.Conn(ctx)
	if err != nil {
		return nil, err
	}

	defer conn.Close()

	defer db.lockWrites()()

	return conn.ExecContext(ctx, query, args...)
}
