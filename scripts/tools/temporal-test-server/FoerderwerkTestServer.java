import io.temporal.testserver.TestServer;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;

/**
 * Starts the Java SDK's time-skipping test server (io.temporal:temporal-test-server, the JVM
 * build pinned in scripts/tools/temporal.sh) as its own main class does:
 * {@code <port> [--enable-time-skipping]}, and then mends one thing in it.
 *
 * <p>Its timer keeps every time-skipping lock and unlock in a list that is never emptied (kept "for
 * debugging"); a lock taken through a handle is removed from it with LinkedList.remove, which
 * searches from the head. The list grows by two entries per activity and workflow task, and every
 * request takes and releases such a lock under the server's one timer lock, so a long run spends
 * most of the server's CPU walking the list: on 100 applications over 3 years about 85 % of it,
 * and the run took 135 s instead of 108 s. Here the list is replaced, once at start, by one whose
 * remove searches from the tail, where the entry just taken lies: the same entries, the same
 * results, in constant time.
 *
 * <p>If the server's inside differs from what is expected (another version), it runs unmended and
 * says so on stderr. {@code --check} starts a server on a free port, mends it, says whether that
 * worked (exit 0) or not (exit 1), and stops.
 */
public final class FoerderwerkTestServer {
  private FoerderwerkTestServer() {}

  /** A LinkedList whose remove(Object) finds the last occurrence (entries are unique objects). */
  static final class TailFirstList<E> extends LinkedList<E> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean remove(Object o) {
      return removeLastOccurrence(o);
    }
  }

  private static Field declared(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** Replaces the timer's lock event list; answers why not when the server is not as expected. */
  @SuppressWarnings("unchecked")
  static String mend(TestServer.PortBoundTestServer server) {
    try {
      Object starter = declared(server, "testServicesStarter").get(server);
      Object timer = declared(starter, "selfAdvancingTimer").get(starter);
      Lock lock = (Lock) declared(timer, "lock").get(timer);
      Field events = declared(timer, "lockEvents");
      lock.lock();
      try {
        Object current = events.get(timer);
        if (current instanceof TailFirstList) return null;
        TailFirstList<Object> list = new TailFirstList<>();
        list.addAll((LinkedList<Object>) current);
        events.set(timer, list);
      } finally {
        lock.unlock();
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return e.toString();
    }
  }

  public static void main(String[] args) {
    if (args.length == 1 && "--check".equals(args[0])) {
      TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(0, true);
      String problem = mend(server);
      server.close();
      System.out.println(problem == null ? "mended: lock events are removed from the tail" : "not mended: " + problem);
      System.exit(problem == null ? 0 : 1);
    }
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !"--enable-time-skipping".equalsIgnoreCase(args[1]))) {
      System.err.println("usage: FoerderwerkTestServer <port> [--enable-time-skipping] | --check");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean enableTimeSkipping = args.length == 2;
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, !enableTimeSkipping);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    String problem = mend(server);
    if (problem != null) System.err.println("FoerderwerkTestServer: running the test server unmended (" + problem + ")");
  }
}
