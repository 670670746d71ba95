// The extern "C" shim over libphonenumber (phone.h). Nothing else in the
// tree is C++. No exception crosses into C: each entry point catches
// everything and returns an AA_ERR_* code. libphonenumber's logger is
// replaced by its NullLogger once, since core code never prints.
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

extern "C" {
#include "auth-audit/core/err.h"
}
#include "sms-sim/sim/phone.h"

using i18n::phonenumbers::NullLogger;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static const PhoneNumberUtil *
util()
{
	static std::once_flag once;
	PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();

	std::call_once(once, [u] { u->SetLogger(new NullLogger()); });
	return u;
}

static void
copy_region(const std::string &r, char out[4])
{
	std::snprintf(out, 4, "%s", r.size() <= 3 ? r.c_str() : "ZZ");
}

extern "C" int
aa_phone_classify(const char *e164, struct aa_phone_info *out)
{
	try {
		const PhoneNumberUtil *u;
		PhoneNumber n;
		std::string region;

		std::memset(out, 0, sizeof(*out));
		std::snprintf(out->region, sizeof(out->region), "ZZ");
		out->type = AA_PHONE_UNKNOWN;
		u = util();
		if (e164 == nullptr)
			return AA_ERR_PARSE;
		switch (u->Parse(e164, "ZZ", &n)) {
		case PhoneNumberUtil::NO_PARSING_ERROR:
			break;
		case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
			return AA_ERR_NOTFOUND;
		default:
			return AA_ERR_PARSE;
		}
		out->cc = n.country_code();
		u->GetRegionCodeForCountryCode(out->cc, &region);
		if (region == "ZZ") {
			out->cc = 0;
			return AA_ERR_NOTFOUND;
		}
		if ((out->valid = u->IsValidNumber(n) ? 1 : 0)) {
			u->GetRegionCodeForNumber(n, &region);
			out->type = static_cast<enum aa_phone_type>(
			    u->GetNumberType(n));
		}
		copy_region(region, out->region);
		return AA_OK;
	} catch (const std::bad_alloc &) {
		return AA_ERR_NOMEM;
	} catch (...) {
		return AA_ERR_INTERNAL;
	}
}

extern "C" int
aa_phone_region_cc(const char *region)
{
	try {
		return region != nullptr ?
		    util()->GetCountryCodeForRegion(region) : 0;
	} catch (...) {
		return 0;
	}
}

extern "C" int
aa_phone_example(const char *region, enum aa_phone_type type, char *out,
    size_t outlen)
{
	try {
		const PhoneNumberUtil *u = util();
		PhoneNumber n;
		std::string s;

		if (outlen > 0)
			out[0] = '\0';
		if (region == nullptr || type >= AA_PHONE_UNKNOWN ||
		    !u->GetExampleNumberForType(region,
		    static_cast<PhoneNumberUtil::PhoneNumberType>(type), &n))
			return AA_ERR_NOTFOUND;
		u->Format(n, PhoneNumberUtil::E164, &s);
		if (s.size() + 1 > outlen)
			return AA_ERR_TOOBIG;
		std::memcpy(out, s.c_str(), s.size() + 1);
		return AA_OK;
	} catch (const std::bad_alloc &) {
		return AA_ERR_NOMEM;
	} catch (...) {
		return AA_ERR_INTERNAL;
	}
}
