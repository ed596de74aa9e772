package dev.featbit.sdk.internal.events;

import dev.featbit.sdk.FBUser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded event buffer between the callers (any number of threads) and the one events thread.
 *
 * <p><b>Rings.</b> Every producing thread gets, on its first event, its own single-producer/single-consumer ring
 * (found through a {@link ThreadLocal}, registered once through a lock-free queue). A ring is a pair of
 * preallocated parallel arrays (references: user and payload; longs: timestamp and metric value), so recording an
 * event allocates nothing: the producer writes the slot and publishes its {@code tail} with a release store; the
 * consumer reads {@code tail} with an acquire load, copies and clears the slots and publishes its {@code head}
 * the same way. The producer reads {@code head} only when its cached copy says the ring is full; then it links a
 * ring twice as large (the consumer follows the link once the old ring is empty), and it goes back to a small ring
 * when it finds its large ring empty. Per-thread order is kept; there is no order between threads.
 *
 * <p><b>Capacity.</b> {@code capacity} is exact without a shared write per event: it is a pool of credits, one per
 * buffered event. A producer takes credits from the shared pool in small chunks (one CAS per chunk) and spends
 * one per accepted event with a CAS on its own credit word (a cache line no other thread writes in the normal
 * case); the consumer puts one credit back into the pool per event it takes out of a ring. So the events in
 * rings plus the unspent credits plus the pool always equal {@code capacity}. Credits left unspent by a thread
 * that went quiet are taken back by the consumer at the next housekeeping (a CAS on that thread's credit word;
 * the producer's per-event CAS makes this exact). With no credit and an empty pool, the event is dropped: the
 * drop path reads two words and increments the thread's own counter; it writes nothing shared, takes no clock
 * and allocates nothing.
 *
 * <p><b>Counters.</b> {@code accepted} and {@code dropped} are per-thread counters written only by their thread
 * (release stores) and summed on read; a thread that died is unregistered once its ring is empty, its counts
 * folded into totals under a lock that only the consumer and {@link #accepted()}/{@link #dropped()} take.
 *
 * <p>Threads: producer methods ({@link #offer}) from any thread; consumer methods ({@link #drainInto},
 * {@link #markTargets}, {@link #targetsReached}, {@link #housekeeping}, {@link #discardAll}) from one thread at
 * a time (the events thread, or the closing thread once the events thread has stopped).
 */
final class EventBuffer {
  static final int INITIAL_RING = 64;
  private static final int MAX_RING = 1 << 28;

  final int capacity;
  private final int maxChunk;
  private final int wakeEvery;
  private final int maxRing;
  private final int initialRing;
  private final Pool pool;
  private final ThreadLocal<Producer> local = new ThreadLocal<>();
  private final ConcurrentLinkedQueue<Producer> newcomers = new ConcurrentLinkedQueue<>();
  private final Runnable firstDrop;
  private volatile Thread consumer;
  /**
   * The consumer's state: {@link #AWAKE}, {@link #POLLING} (parked for a few ms: some thread holds credits or a
   * partial batch waits) or {@link #IDLE} (parked until the next flush or housekeeping). A producer unparks it
   * when one of its events completes {@code wakeEvery} events of its own (unless awake), and after taking
   * credits when it is idle (so that events of several threads are then noticed by polling).
   */
  private volatile int sleep;
  static final int AWAKE = 0;
  static final int POLLING = 1;
  static final int IDLE = 2;

  // consumer-owned (modified under statsLock so that the counters can be summed from other threads)
  private final Object statsLock = new Object();
  private Cursor[] cursors = new Cursor[8];
  private int count;
  private int nextCursor;
  private long retiredAccepted;
  private long retiredDropped;

  /**
   * @param capacity the most events buffered at once (at least 1)
   * @param wakeEvery a producer wakes a sleeping consumer every this many events of its own (the batch size)
   * @param firstDrop called on the first drop of each thread (for a warning)
   */
  private final java.time.Clock clock;

  EventBuffer(int capacity, int wakeEvery, Runnable firstDrop) {
    this(capacity, wakeEvery, firstDrop, null);
  }

  /** With {@code clock} null, events are stamped with the system time (no call through the clock). */
  EventBuffer(int capacity, int wakeEvery, Runnable firstDrop, java.time.Clock clock) {
    this.clock = clock;
    this.capacity = capacity;
    this.maxChunk = (int) Math.max(1, Math.min(64, capacity / 16));
    this.wakeEvery = Math.max(1, wakeEvery);
    this.maxRing = (int) Math.min(MAX_RING, Long.highestOneBit(Math.max(1, capacity - 1)) << 1);
    this.initialRing = Math.min(INITIAL_RING, maxRing);
    this.pool = new Pool(capacity);
    this.firstDrop = firstDrop;
  }

  /** The consumer thread (unparked by producers when it sleeps). */
  void consumer(Thread t) {
    this.consumer = t;
  }

  // ------------------------------------------------------------------------------------------ producers

  /**
   * Records one event of the calling thread: {@code payload} is a {@code Served} (evaluation), a {@code String}
   * (metric name, with {@code value}) or null (user only). The timestamp is taken here, only once the event is
   * accepted. Never blocks, never allocates once the thread's ring exists.
   */
  void offer(FBUser user, Object payload, double value) {
    Producer p = local.get();
    if (p == null) {
      p = register();
    }
    long c = (long) CREDITS.getVolatile(p);
    boolean refilled = false;
    while (true) {
      if (c > 0) {
        long w = (long) CREDITS.compareAndExchange(p, c, c - 1);
        if (w == c) {
          break;
        }
        c = w; // the consumer took the credits back
      } else if (refill(p)) {
        refilled = true;
        c = (long) CREDITS.getVolatile(p);
      } else {
        long d = p.dropped;
        DROPPED.setRelease(p, d + 1);
        if (d == 0) {
          firstDrop.run();
        }
        return;
      }
    }
    java.time.Clock stamp = clock;
    long now = stamp == null ? System.currentTimeMillis() : stamp.millis();
    Ring r = p.ring;
    long t = r.tail;
    if (t - r.headCache >= r.size) {
      r.headCache = (long) HEAD.getAcquire(r);
      if (t - r.headCache >= r.size) {
        r = link(p, r, Math.min(r.size << 1, maxRing));
        t = 0;
      }
    }
    int i = ((int) t & r.mask) << 1;
    r.refs[i] = user;
    r.refs[i + 1] = payload;
    r.nums[i] = now;
    r.nums[i + 1] = Double.doubleToRawLongBits(value);
    TAIL.setRelease(r, t + 1);
    ACCEPTED.setRelease(p, p.accepted + 1);
    int u = p.untilWake - 1;
    if (u <= 0 || refilled) {
      boolean batchDone = u <= 0;
      if (batchDone) {
        u = wakeEvery;
      }
      VarHandle.fullFence(); // the stores above before the read of sleep (pairs with the consumer's fence)
      int st = sleep;
      if (st == IDLE || (batchDone && st == POLLING)) {
        Thread w = consumer;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }
    p.untilWake = u;
  }

  private Producer register() {
    Producer p = new Producer(Thread.currentThread(), new Ring(initialRing), wakeEvery);
    local.set(p);
    newcomers.add(p);
    return p;
  }

  /** Takes a chunk of credits from the pool; false when it is empty. */
  private boolean refill(Producer p) {
    Pool f = pool;
    long v = f.free;
    while (v > 0) {
      long k = Math.min(maxChunk, Math.max(1, v >> 3));
      long w = (long) FREE.compareAndExchange(f, v, v - k);
      if (w == v) {
        CREDITS.getAndAdd(p, k);
        Ring r = p.ring;
        if (r.size > initialRing && r.tail == (long) HEAD.getAcquire(r)) {
          link(p, r, initialRing); // a large ring found empty: back to a small one
        }
        return true;
      }
      v = w;
    }
    return false;
  }

  /** Continues the thread's events in a new ring of {@code size} slots; the consumer follows the link. */
  private static Ring link(Producer p, Ring old, int size) {
    Ring n = new Ring(size);
    old.next = n; // volatile: after the old ring's last tail
    p.ring = n;
    return n;
  }

  // ------------------------------------------------------------------------------------------ consumer

  /** A batch being built by the consumer: parallel arrays, reused. */
  static final class Batch {
    final int max;
    FBUser[] users;
    Object[] payloads;
    long[] times;
    double[] values;
    int size;

    Batch(int max) {
      this.max = max;
      int n = Math.min(max, 1024);
      users = new FBUser[n];
      payloads = new Object[n];
      times = new long[n];
      values = new double[n];
    }

    boolean isFull() {
      return size >= max;
    }

    boolean isEmpty() {
      return size == 0;
    }

    void add(FBUser user, Object payload, long time, double value) {
      if (size == users.length) {
        int n = (int) Math.min(max, (long) size * 2);
        users = Arrays.copyOf(users, n);
        payloads = Arrays.copyOf(payloads, n);
        times = Arrays.copyOf(times, n);
        values = Arrays.copyOf(values, n);
      }
      users[size] = user;
      payloads[size] = payload;
      times[size] = time;
      values[size] = value;
      size++;
    }

    void clear() {
      Arrays.fill(users, 0, size, null);
      Arrays.fill(payloads, 0, size, null);
      size = 0;
    }
  }

  /**
   * Moves buffered events into {@code batch} until it is full or the rings are empty, taking the threads in
   * turn; returns the number moved. Their credits go back to the pool before this returns.
   */
  int drainInto(Batch batch) {
    absorbNewcomers();
    int n = count;
    int moved = 0;
    for (int k = 0; k < n && !batch.isFull(); k++) {
      int idx = nextCursor;
      nextCursor = idx + 1 >= n ? 0 : idx + 1;
      moved += drain(cursors[idx], batch);
    }
    return moved;
  }

  private int drain(Cursor c, Batch batch) {
    Ring r = c.ring;
    int moved = 0;
    while (true) {
      long t = (long) TAIL.getAcquire(r);
      long h = r.head;
      long end = Math.min(t, h + (batch.max - batch.size));
      Object[] refs = r.refs;
      long[] nums = r.nums;
      int mask = r.mask;
      for (; h < end; h++) {
        int i = ((int) h & mask) << 1;
        batch.add((FBUser) refs[i], refs[i + 1], nums[i], Double.longBitsToDouble(nums[i + 1]));
        refs[i] = null;
        refs[i + 1] = null;
        moved++;
      }
      HEAD.setRelease(r, h);
      if (h < t) {
        break; // batch full
      }
      Ring next = r.next;
      if (next == null) {
        break;
      }
      if ((long) TAIL.getAcquire(r) != h) {
        continue; // published before the link: take them first
      }
      c.ring = next;
      r = next;
    }
    if (moved > 0) {
      c.consumed += moved;
      FREE.getAndAdd(pool, (long) moved);
    }
    return moved;
  }

  private void absorbNewcomers() {
    if (newcomers.isEmpty()) {
      return;
    }
    synchronized (statsLock) {
      Producer p;
      while ((p = newcomers.poll()) != null) {
        if (count == cursors.length) {
          cursors = Arrays.copyOf(cursors, count * 2);
        }
        cursors[count++] = new Cursor(p);
      }
    }
  }

  /** Remembers every thread's accepted count now: {@link #targetsReached()} then says when all were drained. */
  void markTargets() {
    absorbNewcomers();
    for (int k = 0; k < count; k++) {
      Cursor c = cursors[k];
      c.target = (long) ACCEPTED.getAcquire(c.producer);
    }
  }

  boolean targetsReached() {
    for (int k = 0; k < count; k++) {
      Cursor c = cursors[k];
      if (c.consumed < c.target) {
        return false;
      }
    }
    return true;
  }

  /** Whether some thread published events that are not drained yet (consumer's view). */
  boolean hasPublished() {
    if (!newcomers.isEmpty()) {
      return true;
    }
    for (int k = 0; k < count; k++) {
      Cursor c = cursors[k];
      // ">": consumed can pass accepted for a moment (the tail is published before the count)
      if ((long) ACCEPTED.getAcquire(c.producer) > c.consumed) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes back the credits of threads that accepted nothing since the previous call and unregisters threads
   * that died once their events are drained (their counts go into the totals).
   */
  void housekeeping() {
    absorbNewcomers();
    for (int k = 0; k < count; k++) {
      Cursor c = cursors[k];
      Producer p = c.producer;
      if (!p.owner.isAlive()) {
        long a = (long) ACCEPTED.getAcquire(p); // final: the thread ended
        if (c.consumed == a) {
          long credits = (long) CREDITS.getAndSet(p, 0L);
          if (credits > 0) {
            FREE.getAndAdd(pool, credits);
          }
          remove(k, a, (long) DROPPED.getAcquire(p));
          k--;
        }
        continue;
      }
      long a = (long) ACCEPTED.getAcquire(p);
      if (a == c.acceptedAtHousekeeping) {
        long credits = (long) CREDITS.getAndSet(p, 0L);
        if (credits > 0) {
          FREE.getAndAdd(pool, credits);
        }
      }
      c.acceptedAtHousekeeping = a;
    }
  }

  private void remove(int k, long accepted, long dropped) {
    synchronized (statsLock) {
      retiredAccepted += accepted;
      retiredDropped += dropped;
      System.arraycopy(cursors, k + 1, cursors, k, count - k - 1);
      cursors[--count] = null;
      if (nextCursor >= count) {
        nextCursor = 0;
      }
    }
  }

  /**
   * Drops every buffered event (after close) and returns how many there were; the threads' rings are replaced
   * by one-slot rings so that a thread that outlives the client keeps almost nothing through its
   * {@code ThreadLocal}. A producer racing with this may still add an event; it is never sent.
   */
  long discardAll() {
    absorbNewcomers();
    long n = 0;
    for (int k = 0; k < count; k++) {
      Cursor c = cursors[k];
      Producer p = c.producer;
      long a = (long) ACCEPTED.getAcquire(p);
      n += Math.max(0, a - c.consumed);
      c.consumed = Math.max(a, c.consumed);
      for (Ring r = c.ring; r != null; r = r.next) {
        Arrays.fill(r.refs, null);
      }
      Ring empty = new Ring(1);
      c.ring = empty;
      p.ring = empty;
    }
    return n;
  }

  /** Events accepted but not yet taken by the consumer (an estimate while producers run). */
  long pending() {
    synchronized (statsLock) {
      long n = 0;
      for (int k = 0; k < count; k++) {
        n += (long) ACCEPTED.getAcquire(cursors[k].producer) - cursors[k].consumed;
      }
      for (Producer p : newcomers) {
        n += (long) ACCEPTED.getAcquire(p);
      }
      return n;
    }
  }

  /**
   * Consumer: announces that it is about to park ({@link #POLLING} or {@link #IDLE}; it then re-checks for work
   * before parking) or that it is {@link #AWAKE}.
   */
  void sleep(int state) {
    sleep = state;
    if (state != AWAKE) {
      VarHandle.fullFence();
    }
  }

  /** Whether credits are out (held by threads or spent on buffered events): threads are active. */
  boolean creditsOut() {
    return pool.free != capacity;
  }

  long accepted() {
    synchronized (statsLock) {
      return retiredAccepted + sumOverProducers(ACCEPTED);
    }
  }

  long dropped() {
    synchronized (statsLock) {
      return retiredDropped + sumOverProducers(DROPPED);
    }
  }

  /** Sum of one per-producer counter over registered and newly arrived producers; under {@code statsLock}. */
  private long sumOverProducers(java.lang.invoke.VarHandle counter) {
    long n = 0;
    for (int k = 0; k < count; k++) {
      n += (long) counter.getAcquire(cursors[k].producer);
    }
    for (Producer p : newcomers) {
      n += (long) counter.getAcquire(p);
    }
    return n;
  }


  /** For tests: credits in the pool, unspent by threads, and buffered events; always sums to capacity. */
  long[] creditAccount() {
    synchronized (statsLock) {
      long unspent = 0;
      long buffered = 0;
      for (int k = 0; k < count; k++) {
        unspent += (long) CREDITS.getVolatile(cursors[k].producer);
        buffered += (long) ACCEPTED.getAcquire(cursors[k].producer) - cursors[k].consumed;
      }
      for (Producer p : newcomers) {
        unspent += (long) CREDITS.getVolatile(p);
        buffered += (long) ACCEPTED.getAcquire(p);
      }
      return new long[] {pool.free, unspent, buffered};
    }
  }

  /** For tests: the size of the calling thread's current ring (0 before its first event). */
  int ringSizeOfCurrentThread() {
    Producer p = local.get();
    return p == null ? 0 : p.ring.size;
  }

  /** For tests: threads registered (including those not yet seen by the consumer). */
  int producers() {
    synchronized (statsLock) {
      return count + newcomers.size();
    }
  }

  // ------------------------------------------------------------------------------------------ structures

  /** One thread's state. Written by its thread except {@code credits} (the consumer may take them back). */
  static final class Producer {
    final Thread owner;
    Ring first;          // the first ring, handed to the consumer's cursor (then cleared by the consumer)
    Ring ring;           // producer-owned
    int untilWake;       // producer-owned
    volatile long credits;
    volatile long accepted;
    volatile long dropped;

    Producer(Thread owner, Ring ring, int wakeEvery) {
      this.owner = owner;
      this.first = ring;
      this.ring = ring;
      this.untilWake = wakeEvery;
    }
  }

  /** The consumer's position in one thread's events. */
  static final class Cursor {
    final Producer producer;
    Ring ring;
    long consumed;
    long target;
    long acceptedAtHousekeeping;

    Cursor(Producer p) {
      this.producer = p;
      this.ring = p.first; // written before the producer was published; the producer may have moved on since
      p.first = null;
    }
  }

  /** The shared credit pool, alone on its cache line. */
  static final class Pool extends PoolPad {
    volatile long free;
    long q0;
    long q1;
    long q2;
    long q3;
    long q4;
    long q5;
    long q6;

    Pool(long free) {
      this.free = free;
    }
  }

  abstract static class PoolPad {
    long p0;
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
  }

  abstract static class RingPad0 {
    long p0;
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
  }

  /** Producer side of a ring. */
  abstract static class RingProducer extends RingPad0 {
    long tail;      // written by the producer (release), read by the consumer (acquire)
    long headCache; // producer's copy of head
  }

  abstract static class RingPad1 extends RingProducer {
    long p10;
    long p11;
    long p12;
    long p13;
    long p14;
    long p15;
    long p16;
    long p17;
  }

  /** Consumer side of a ring. */
  abstract static class RingConsumer extends RingPad1 {
    long head; // written by the consumer (release), read by the producer (acquire) when it looks full
  }

  abstract static class RingPad2 extends RingConsumer {
    long p20;
    long p21;
    long p22;
    long p23;
    long p24;
    long p25;
    long p26;
    long p27;
  }

  /** Slots: refs[2i] user, refs[2i+1] payload; nums[2i] timestamp, nums[2i+1] value bits. */
  static final class Ring extends RingPad2 {
    final int size;
    final int mask;
    final Object[] refs;
    final long[] nums;
    volatile Ring next; // set once by the producer when it continues in another ring

    Ring(int size) {
      this.size = size;
      this.mask = size - 1;
      this.refs = new Object[size * 2];
      this.nums = new long[size * 2];
    }
  }

  private static final VarHandle CREDITS;
  private static final VarHandle ACCEPTED;
  private static final VarHandle DROPPED;
  private static final VarHandle FREE;
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      CREDITS = l.findVarHandle(Producer.class, "credits", long.class);
      ACCEPTED = l.findVarHandle(Producer.class, "accepted", long.class);
      DROPPED = l.findVarHandle(Producer.class, "dropped", long.class);
      FREE = l.findVarHandle(Pool.class, "free", long.class);
      TAIL = l.findVarHandle(RingProducer.class, "tail", long.class);
      HEAD = l.findVarHandle(RingConsumer.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
