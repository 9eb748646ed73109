/*
 * A storage device whose cache flush takes longer than this machine's, for a MariaDB server started
 * with LD_PRELOAD (market-load-by-flush-time.sh). After the real fdatasync or fsync returns, the
 * calling thread sleeps SLOW_FLUSH_US microseconds more, as it would waiting on a disk that empties
 * a volatile write cache: no CPU is spent, the commit just takes longer. InnoDB makes a commit
 * durable with one of these two calls on its redo log, so every commit pays the delay, and a group
 * commit pays it once for the group, as on real storage.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>

static long delay_ns = -1;

static void wait_for_the_device(void) {
    if (delay_ns < 0) {
        const char *us = getenv("SLOW_FLUSH_US");
        delay_ns = us ? atol(us) * 1000L : 0;
    }
    if (delay_ns > 0) {
        /* Linux lets a sleep overrun by 50 us by default; that would be a different device. */
        prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
        struct timespec left = {delay_ns / 1000000000L, delay_ns % 1000000000L};
        while (nanosleep(&left, &left) != 0) {
        }
    }
}

typedef int (*flush_call)(int);

static flush_call real_call(const char *name) {
    return (flush_call) dlsym(RTLD_NEXT, name);
}

int fdatasync(int fd) {
    static flush_call real;
    if (!real) {
        real = real_call("fdatasync");
    }
    int result = real(fd);
    wait_for_the_device();
    return result;
}

int fsync(int fd) {
    static flush_call real;
    if (!real) {
        real = real_call("fsync");
    }
    int result = real(fd);
    wait_for_the_device();
    return result;
}
