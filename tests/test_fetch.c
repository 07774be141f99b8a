/*
 * test_fetch.c -- src/net/fetch.c's address policy: which addresses an
 * archived source or a webhook may connect to. Public addresses pass;
 * loopback, private, link-local, multicast, documentation and the IPv6
 * forms that embed such an IPv4 address do not, unless allow_private
 * names them. (Fetching itself is tested against real servers in
 * test_evidence.c and test_webhooks.c.)
 */
#include <arpa/inet.h>
#include <string.h>

#include "fetch.h"
#include "testhost.h"

static bool allowed(const char *text, const ct_cidr *allow, size_t nallow)
{
    unsigned char addr[16];
    int family = strchr(text, ':') ? AF_INET6 : AF_INET;
    ck_assert_msg(inet_pton(family, text, addr) == 1, "bad test address %s", text);
    return ct_fetch_address_allowed(family, addr, allow, nallow);
}

START_TEST(public_addresses_pass)
{
    static const char *const public_ones[] = {
        "8.8.8.8", "1.1.1.1", "195.210.46.1", "2a00:1450:4001:80b::200e", "2001:4860::8888",
        "::ffff:8.8.8.8", "2002:808:808::1",
    };
    for (size_t i = 0; i < sizeof public_ones / sizeof public_ones[0]; i++)
        ck_assert_msg(allowed(public_ones[i], NULL, 0), "%s refused", public_ones[i]);
}
END_TEST

START_TEST(internal_addresses_are_refused)
{
    static const char *const internal[] = {
        "127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.3.4", "172.16.5.4", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "64:ff9b:1::a00:1",
        "2002:7f00:1::", "2002:c0a8:101::1",
    };
    for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
        ck_assert_msg(!allowed(internal[i], NULL, 0), "%s allowed", internal[i]);
}
END_TEST

START_TEST(allow_private_opens_exactly_its_ranges)
{
    ct_cidr allow[2] = {{AF_INET, {127, 0, 0, 1}, 32}, {AF_INET, {10, 20, 0, 0}, 16}};
    ck_assert(allowed("127.0.0.1", allow, 2));
    ck_assert(!allowed("127.0.0.2", allow, 2));
    ck_assert(allowed("10.20.3.4", allow, 2));
    ck_assert(!allowed("10.21.0.1", allow, 2));
    ck_assert(!allowed("::1", allow, 2));
    ck_assert(allowed("8.8.8.8", allow, 2));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fetch");
    TCase *tc = tcase_create("addresses");
    tcase_add_test(tc, public_addresses_pass);
    tcase_add_test(tc, internal_addresses_are_refused);
    tcase_add_test(tc, allow_private_opens_exactly_its_ranges);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
