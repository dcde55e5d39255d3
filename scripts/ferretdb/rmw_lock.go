// Added to FerretDB v1.24.2 as internal/handler/rmw_lock.go by scripts/bootstrap.mjs
// (patch "rmw-lock"): read-modify-write statements are serialised inside the process, so
// that the embedded store gives MongoDB's single-document guarantees.
//
// FerretDB runs update, findAndModify and delete as "query the rows, change them in Go,
// write them back by _id", and the write does not recheck the filter. Two concurrent
// `$inc` of one document both read n and both write n+1; two `findAndModify({_id,
// status: 'queued'}, {$set: {status: 'claimed'}})` both see 'queued' and both win; a
// conditional delete removes a document another statement has just changed; two upserts
// by the same non-_id key both find nothing and both insert. Holding a lock from the query
// to the end of the write closes all four, because only this process writes the store.
//
// Granularity, and why it cannot deadlock:
//   - every collection has a RWMutex;
//   - a statement whose filter has a top-level equality on a scalar `_id` can only read or
//     write that one document (an update cannot change `_id`; an upsert inserts that `_id`),
//     so it takes the collection's read side plus a mutex for that `_id`: statements on
//     different documents run in parallel;
//   - any other statement (multi-document filters, upserts by another key) takes the
//     collection's write side, which excludes every statement of the collection;
//   - locks are taken in one order (collection, key, slot), at most one key at a time, and
//     released when the statement ends (a multi-statement update or delete locks each
//     statement on its own), so a statement only ever waits for one that holds everything
//     it needs: no two can wait for each other.
//
// At most rmwSlots statements run at once: each holds a connection for its query's rows
// and asks the pool (100 connections) for a second one to write; unbounded, a burst of
// them could hold every connection and wait forever for a second.
//
// Reads (find, aggregate, count) and inserts take no lock, as on MongoDB.
//
// An upsert that still meets a duplicate key (an insert of the same key that was not
// serialised with it) is tried again once, as MongoDB does: the retry finds the document
// and updates it.
package handler

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

type rmwCollection struct {
	rw   sync.RWMutex
	refs int
	keys map[string]*rmwKey
}

type rmwKey struct {
	mu   sync.Mutex
	refs int
}

var (
	// rmwMu guards the two maps and the reference counts, never held while waiting.
	rmwMu    sync.Mutex
	rmwColls = map[string]*rmwCollection{}

	// rmwSlots bounds the statements holding a query's connection (see above).
	rmwSlots = make(chan struct{}, 32)
)

// rmwIDKey returns a key for the document a filter's top-level `{_id: <scalar>}` selects.
// Values that MongoDB treats as equal give the same key (1, 1.0 and NumberLong(1); 0 and
// -0); two different values may share a key, which only makes the lock coarser.
func rmwIDKey(filter *types.Document) (string, bool) {
	if filter == nil || !filter.Has("_id") {
		return "", false
	}

	var f float64

	switch v := must.NotFail(filter.Get("_id")).(type) {
	case string:
		return "s" + v, true
	case types.ObjectID:
		return "o" + string(v[:]), true
	case int32:
		f = float64(v)
	case int64:
		f = float64(v)
	case float64:
		f = v
	default:
		// documents ({$in: …}, {$eq: …}), regular expressions, arrays and the rest
		return "", false
	}

	if f == 0 {
		f = 0 // -0 and 0 are equal
	}

	return "n" + strconv.FormatFloat(f, 'g', -1, 64), true
}

// lockRMW takes the lock a read-modify-write statement on db.coll with the given filter
// needs, and returns the function that releases it.
func lockRMW(db, coll string, filter *types.Document) func() {
	name := db + "\x00" + coll
	id, byID := rmwIDKey(filter)

	rmwMu.Lock()

	c := rmwColls[name]
	if c == nil {
		c = &rmwCollection{keys: map[string]*rmwKey{}}
		rmwColls[name] = c
	}

	c.refs++

	var k *rmwKey

	if byID {
		k = c.keys[id]
		if k == nil {
			k = new(rmwKey)
			c.keys[id] = k
		}

		k.refs++
	}

	rmwMu.Unlock()

	release := func() {
		rmwMu.Lock()
		defer rmwMu.Unlock()

		if k != nil {
			if k.refs--; k.refs == 0 {
				delete(c.keys, id)
			}
		}

		if c.refs--; c.refs == 0 {
			delete(rmwColls, name)
		}
	}

	// The slot last: a statement waiting for a document or a collection holds no slot, so
	// a long statement on one collection cannot hold back those on others.
	if !byID {
		c.rw.Lock()
		rmwSlots <- struct{}{}

		return func() {
			<-rmwSlots
			c.rw.Unlock()
			release()
		}
	}

	c.rw.RLock()
	k.mu.Lock()
	rmwSlots <- struct{}{}

	return func() {
		<-rmwSlots
		k.mu.Unlock()
		c.rw.RUnlock()
		release()
	}
}

// isDuplicateKey reports whether err is the backend's duplicate key error.
func isDuplicateKey(err error) bool {
	var be *backends.Error
	return errors.As(err, &be) && be.Code() == backends.ErrorCodeInsertDuplicateID
}

// updateDocumentLocked runs each statement of an update command under its lock
// (see updateDocument for the unlocked work).
func (h *Handler) updateDocumentLocked(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {
	var matched, modified int32
	var upserted types.Array

	for i, u := range params.Updates {
		one := *params
		one.Updates = []common.Update{u}

		m, n, up, err := h.updateStatementLocked(ctx, &one)
		if err != nil {
			return 0, 0, nil, err
		}

		matched += m
		modified += n

		if up.Len() != 0 {
			// MongoDB reports the index of the statement that upserted
			doc := must.NotFail(up.Get(0)).(*types.Document)
			upserted.Append(must.NotFail(types.NewDocument(
				"index", int32(i),
				"_id", must.NotFail(doc.Get("_id")),
			)))
		}
	}

	return matched, modified, &upserted, nil
}

func (h *Handler) updateStatementLocked(ctx context.Context, one *common.UpdateParams) (int32, int32, *types.Array, error) {
	upsert := one.Updates[0].Upsert

	for attempt := 0; ; attempt++ {
		unlock := lockRMW(one.DB, one.Collection, one.Updates[0].Filter)
		m, n, up, err := h.updateDocument(ctx, one)
		unlock()

		if err != nil && upsert && attempt == 0 && isDuplicateKey(err) {
			continue
		}

		return m, n, up, err
	}
}

// findAndModifyDocumentLocked runs findAndModifyDocument under its lock.
func (h *Handler) findAndModifyDocumentLocked(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {
	for attempt := 0; ; attempt++ {
		unlock := lockRMW(params.DB, params.Collection, params.Query)
		res, err := h.findAndModifyDocument(ctx, params)
		unlock()

		if err != nil && params.Upsert && attempt == 0 && isDuplicateKey(err) {
			continue
		}

		return res, err
	}
}

// execDeleteLocked runs one delete statement under its lock.
func (h *Handler) execDeleteLocked(ctx context.Context, db, coll string, c backends.Collection, p *common.Delete) (int32, error) {
	defer lockRMW(db, coll, p.Filter)()

	return h.execDelete(ctx, c, p)
}
