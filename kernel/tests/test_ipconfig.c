/* ip= in Linux's form (net/ipconfig.c): what egg writes, what a user may
 * write by hand, and what Linux would make of each (net/ipv4/ipconfig.c's
 * ip_auto_config_setup and ic_defaults). */
#include "check.h"
#include "net/ipconfig.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static void test_default_and_words(void)
{
    struct ipconfig c;
    ipconfig_parse(NULL, &c);
    CHECK(c.dhcp);
    CHECK_EQ(c.addr, 0);
    const char *on[] = { "on", "any", "dhcp" }, *off[] = { "off", "none", "" };
    for (int i = 0; i < 3; i++) {
        ipconfig_parse(on[i], &c);
        CHECK(c.dhcp);
        CHECK(c.error == NULL);
        ipconfig_parse(off[i], &c);
        CHECK(!c.dhcp);
        CHECK_EQ(c.addr, 0);
        CHECK(c.error == NULL);
    }
}

static void test_static(void)
{
    struct ipconfig c;
    /* What egg writes for --ip 192.168.77.2/24,192.168.77.1 --dns 192.168.77.1 --dns 9.9.9.9 */
    ipconfig_parse("192.168.77.2::192.168.77.1:255.255.255.0:::off:192.168.77.1:9.9.9.9", &c);
    CHECK(!c.dhcp);
    CHECK(c.error == NULL);
    CHECK_EQ(c.addr, A(192, 168, 77, 2));
    CHECK_EQ(c.gateway, A(192, 168, 77, 1));
    CHECK_EQ(c.netmask, A(255, 255, 255, 0));
    CHECK_EQ(c.dns[0], A(192, 168, 77, 1));
    CHECK_EQ(c.dns[1], A(9, 9, 9, 9));
    /* An address is static whatever autoconf says; the other fields are
     * skipped; no netmask: the class's. */
    ipconfig_parse("10.1.2.3:10.0.0.9::::eth0:dhcp", &c);
    CHECK(!c.dhcp);
    CHECK(c.error == NULL);
    CHECK_EQ(c.addr, A(10, 1, 2, 3));
    CHECK_EQ(c.netmask, A(255, 0, 0, 0));
    CHECK_EQ(c.gateway, 0);
    CHECK_EQ(c.dns[0], 0);
    ipconfig_parse("172.16.0.5", &c);
    CHECK_EQ(c.netmask, A(255, 255, 0, 0));
    ipconfig_parse("192.0.2.7:::::myhost", &c);
    CHECK_EQ(c.netmask, A(255, 255, 255, 0));
    CHECK_EQ(c.addr, A(192, 0, 2, 7));
    /* Class D has no netmask to guess: no address, as Linux refuses it. */
    ipconfig_parse("224.0.0.1", &c);
    CHECK_EQ(c.addr, 0);
    CHECK(!c.dhcp);
    CHECK(c.error != NULL);
}

static void test_dhcp_with_dns(void)
{
    struct ipconfig c;
    /* What egg writes for --dns 1.1.1.1 without --ip: DHCP, this server first. */
    ipconfig_parse("::::::dhcp:1.1.1.1", &c);
    CHECK(c.dhcp);
    CHECK(c.error == NULL);
    CHECK_EQ(c.addr, 0);
    CHECK_EQ(c.dns[0], A(1, 1, 1, 1));
    CHECK_EQ(c.dns[1], 0);
    ipconfig_parse(":::::::8.8.8.8", &c);
    CHECK(c.dhcp);
    ipconfig_parse("::::::off", &c);
    CHECK(!c.dhcp);
    CHECK(c.error == NULL);
    /* A word Linux does not know turns autoconf off there too. */
    ipconfig_parse("::::::dhcpv6", &c);
    CHECK(!c.dhcp);
    CHECK(c.error != NULL);
}

static void test_bad_addresses(void)
{
    const char *bad[] = { "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4x", "a.b.c.d", "1.2.3.0004",
                          "-1.2.3.4", " 1.2.3.4", "1.2.3.", "192.168.1.1/24" };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ipconfig c;
        ipconfig_parse(bad[i], &c);
        if (!CHECK(c.error != NULL))
            fprintf(stderr, "  accepted %s\n", bad[i]);
        CHECK_EQ(c.addr, 0);
        CHECK(c.dhcp);   /* no address: DHCP fills in, as the autoconf field was not given */
    }
    struct ipconfig c;
    ipconfig_parse("10.0.0.2::10.0.0.300:255.255.255.0", &c);
    CHECK_EQ(c.addr, A(10, 0, 0, 2));
    CHECK_EQ(c.gateway, 0);
    CHECK_STR(c.error, "gw-ip is not an IPv4 address");
    ipconfig_parse("0.0.0.0::::::none", &c);   /* Linux: 0.0.0.0 is no address */
    CHECK_EQ(c.addr, 0);
    CHECK(!c.dhcp);
    CHECK(c.error == NULL);
}

int main(void)
{
    test_default_and_words();
    test_static();
    test_dhcp_with_dns();
    test_bad_addresses();
    check_done("test_ipconfig");
}
