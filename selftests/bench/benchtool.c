// SPDX-License-Identifier: GPL-2.0-only
/*
 * benchtool: timing and memory sampling for selftests/bench/run (guest side).
 * Busybox has no sub-millisecond clock (date +%s%N prints "%N" literally and
 * /proc/uptime counts in 10 ms), so the bench measures with CLOCK_MONOTONIC
 * here. Built static for the guest by selftests/bench/run.
 *
 *   benchtool now                  CLOCK_MONOTONIC in ns
 *   benchtool write FILE VALUE     one write(2) of "VALUE\n" to FILE (as the
 *                                  shell's echo does); prints the ns it took,
 *                                  exits 1 (with the errno) if it failed
 *   benchtool cpuwrite FILE VALUE  the same write; prints "WALL_NS CPU_NS",
 *                                  CPU_NS being this thread's CPU time over
 *                                  the write(2) (CLOCK_THREAD_CPUTIME_ID:
 *                                  the kernel work the write did, in its
 *                                  own context); printed for a failed
 *                                  write too, which then exits 1
 *   benchtool time CMD [ARG...]    runs CMD, prints the ns from fork to exit;
 *                                  exits with CMD's status
 *   benchtool peak CMD [ARG...]    runs CMD while sampling /proc/meminfo
 *                                  every 2 ms; prints "SLAB_KB VMALLOC_KB":
 *                                  the largest rise of Slab and VmallocUsed
 *                                  over their values before CMD
 *   benchtool stamp                copies stdin to stdout, each line prefixed
 *                                  with the ms since the start and since the
 *                                  line before ("sh -x CMD 2>&1 | benchtool
 *                                  stamp": where a script's time goes)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void read_meminfo(long *slab, long *vmalloc)
{
	char buf[8192];
	ssize_t n;
	int fd = open("/proc/meminfo", O_RDONLY);
	char *p;

	*slab = 0;
	*vmalloc = 0;
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	p = strstr(buf, "\nSlab:");
	if (p)
		*slab = strtol(p + 6, NULL, 10);
	p = strstr(buf, "\nVmallocUsed:");
	if (p)
		*vmalloc = strtol(p + 13, NULL, 10);
}

static pid_t start(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "benchtool: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	long long t0;
	int st;
	pid_t pid;

	if (argc >= 2 && !strcmp(argv[1], "now")) {
		printf("%lld\n", now_ns());
		return 0;
	}
	if (argc == 4 && (!strcmp(argv[1], "write") || !strcmp(argv[1], "cpuwrite"))) {
		size_t len = strlen(argv[3]);
		char *v = malloc(len + 2);
		int fd = open(argv[2], O_WRONLY);
		long long c0;
		ssize_t n;

		if (!v || fd < 0) {
			fprintf(stderr, "benchtool: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		memcpy(v, argv[3], len);
		v[len] = '\n';
		c0 = cpu_ns();
		t0 = now_ns();
		n = write(fd, v, len + 1);
		t0 = now_ns() - t0;
		c0 = cpu_ns() - c0;
		if (n < 0)
			fprintf(stderr, "benchtool: write %s: %s\n", argv[2], strerror(errno));
		close(fd);
		/* cpuwrite times a refused write too: the refusal is often the case */
		if (argv[1][0] == 'c')
			printf("%lld %lld\n", t0, c0);
		else if (n >= 0)
			printf("%lld\n", t0);
		return n < 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "time")) {
		t0 = now_ns();
		pid = start(argv + 2);
		if (pid < 0 || waitpid(pid, &st, 0) < 0)
			return 126;
		printf("%lld\n", now_ns() - t0);
		return status_of(st);
	}
	if (argc >= 3 && !strcmp(argv[1], "peak")) {
		long s0, v0, s, v, ps = 0, pv = 0;
		struct timespec tick = { 0, 2000000 };

		read_meminfo(&s0, &v0);
		pid = start(argv + 2);
		if (pid < 0)
			return 126;
		for (;;) {
			pid_t r = waitpid(pid, &st, WNOHANG);

			read_meminfo(&s, &v);
			if (s - s0 > ps)
				ps = s - s0;
			if (v - v0 > pv)
				pv = v - v0;
			if (r == pid)
				break;
			if (r < 0)
				return 126;
			nanosleep(&tick, NULL);
		}
		printf("%ld %ld\n", ps, pv);
		return status_of(st);
	}
	if (argc == 2 && !strcmp(argv[1], "stamp")) {
		long long start = now_ns(), last = start, t;
		char line[4096];

		while (fgets(line, sizeof(line), stdin)) {
			t = now_ns();
			printf("%9.2f %8.2f %s", (t - start) / 1e6, (t - last) / 1e6, line);
			if (!strchr(line, '\n'))
				putchar('\n');
			last = t;
		}
		return 0;
	}
	fprintf(stderr,
		"usage: benchtool now | stamp | write|cpuwrite FILE VALUE | time CMD... | peak CMD...\n");
	return 2;
}
