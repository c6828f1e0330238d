//! `locate` and `by_id` on the embedded data: known cities, border towns, the antimeridian, the
//! poles, "no fix", out-of-range and non-finite input, the open ocean, and id round trips.

use shoebox_places::{by_id, locate, locate_with_distance, Place, MAX_DISTANCE_KM};

fn at(lat: f64, lon: f64) -> &'static Place {
    locate(lat, lon).unwrap_or_else(|| panic!("no place at ({lat}, {lon})"))
}

/// `(city, region, country, code)` of the place at (lat, lon).
fn names(lat: f64, lon: f64) -> (&'static str, &'static str, &'static str, &'static str) {
    let p = at(lat, lon);
    (p.city, p.region, p.country, p.country_code)
}

#[test]
fn known_cities() {
    // each point is within a few hundred metres of the city's own GeoNames point
    assert_eq!(
        names(38.7167, -9.1333),
        ("Lisbon", "Lisbon", "Portugal", "PT")
    );
    assert_eq!(
        names(-23.5475, -46.6361),
        ("São Paulo", "São Paulo", "Brazil", "BR")
    );
    assert_eq!(names(35.6897, 139.6922), ("Tokyo", "Tokyo", "Japan", "JP"));
    assert_eq!(
        names(40.7128, -74.0060),
        ("New York City", "New York", "United States", "US")
    );
    assert_eq!(
        names(-33.8688, 151.2093),
        ("Sydney", "New South Wales", "Australia", "AU")
    );
    assert_eq!(
        names(37.7749, -122.4194),
        ("San Francisco", "California", "United States", "US")
    );
}

#[test]
fn diacritics_are_kept() {
    assert_eq!(at(-23.5475, -46.6361).city, "São Paulo");
    assert_eq!(names(55.6050, 13.0038), ("Malmö", "Skåne", "Sweden", "SE"));
    assert_eq!(at(50.0647, 19.9450).city, "Kraków");
    assert!(at(48.8566, 2.3522).region.contains('Î'), "Île-de-France");
}

#[test]
fn border_towns_each_on_their_side() {
    // Konstanz (DE) and Kreuzlingen (CH) touch; their GeoNames points are 1.1 km apart.
    // By Konstanz station, 0.5 km north of the border, and in Kreuzlingen, 1 km south of it.
    assert_eq!(names(47.6595, 9.1775).0, "Konstanz");
    assert_eq!(names(47.6595, 9.1775).3, "DE");
    assert_eq!(
        names(47.6470, 9.1750),
        ("Kreuzlingen", "Thurgau", "Switzerland", "CH")
    );
    // El Paso (US) and Ciudad Juárez (MX) across the Rio Grande
    assert_eq!(
        names(31.7587, -106.4869),
        ("El Paso", "Texas", "United States", "US")
    );
    assert_eq!(
        names(31.7300, -106.4700),
        ("Ciudad Juárez", "Chihuahua", "Mexico", "MX")
    );
    // Tijuana (MX) and San Diego (US)
    assert_eq!(names(32.5149, -117.0382).3, "MX");
    assert_eq!(names(32.5149, -117.0382).0, "Tijuana");
    assert_eq!(
        names(32.7157, -117.1611),
        ("San Diego", "California", "United States", "US")
    );
}

#[test]
fn the_antimeridian_is_not_a_wall() {
    // Taveuni (Fiji) lies across 180°: Matei airport is at 179.88°W, Waiyevo at 179.98°E. The
    // nearest town in the data is Labasa on Vanua Levu (179.36°E), across the line from Matei.
    let matei = at(-16.69, -179.88);
    let waiyevo = at(-16.79, 179.98);
    assert_eq!((matei.city, matei.country), ("Labasa", "Fiji"));
    assert_eq!(waiyevo, matei);
    // Chukotka: a point at 179.9°E whose nearest town, Egvekinot, is at 179.12°W
    let (egvekinot, km) = locate_with_distance(66.3, 179.9).unwrap();
    assert_eq!(
        (egvekinot.city, egvekinot.country_code),
        ("Egvekinot", "RU")
    );
    assert!(km < 50.0, "{km} km");
    // 180 and -180 are the same meridian
    for lat in [-16.7, -8.5, 66.3] {
        assert_eq!(locate(lat, 180.0), locate(lat, -180.0), "at {lat}");
    }
}

#[test]
fn the_poles_are_nowhere() {
    assert_eq!(locate(90.0, 0.0), None);
    assert_eq!(locate(-90.0, 0.0), None);
    assert_eq!(locate(90.0, 123.0), None);
    assert_eq!(locate(-90.0, -180.0), None);
}

#[test]
fn no_fix_is_nowhere_but_the_equator_and_greenwich_are_places() {
    assert_eq!(locate(0.0, 0.0), None);
    assert_eq!(locate(-0.0, 0.0), None);
    assert_eq!(locate(0.0, -0.0), None);
    // only the exact pair means "no fix": lat 0 in Uganda, lon 0 in Greenwich are real places
    assert_eq!(at(0.0, 32.58).country_code, "UG");
    assert_eq!(at(51.4779, 0.0).country_code, "GB");
}

#[test]
fn out_of_range_and_non_finite_are_rejected() {
    for (lat, lon) in [
        (90.0001, 0.0),
        (-90.5, 10.0),
        (38.7, 180.0001),
        (38.7, -181.0),
        (f64::NAN, -9.1),
        (38.7, f64::NAN),
        (f64::INFINITY, 0.0),
        (38.7, f64::NEG_INFINITY),
        (1e300, 1e300),
    ] {
        assert_eq!(locate(lat, lon), None, "({lat}, {lon})");
    }
    // the edges themselves are valid input
    assert!(locate(-16.7, 180.0).is_some());
    assert!(locate(-16.7, -180.0).is_some());
}

#[test]
fn the_open_ocean_is_no_country() {
    for (lat, lon, what) in [
        (30.0, -40.0, "mid-Atlantic"),
        (-48.8767, -123.3933, "Point Nemo"),
        (0.0, -160.0, "central Pacific"),
        (-40.0, 80.0, "south Indian Ocean"),
        (35.5, 18.0, "Ionian Sea, 290 km from the nearest town"),
    ] {
        assert_eq!(locate(lat, lon), None, "{what}");
    }
}

#[test]
fn the_distance_limit_holds_and_is_inclusive_of_the_coast() {
    // 20 km off Cascais, in the Atlantic: close enough to be credited to the coast
    let (place, km) = locate_with_distance(38.65, -9.65).unwrap();
    assert_eq!(place.country_code, "PT");
    assert!(km < 50.0, "{km}");
    // every answer over a spread of points is within the limit
    for lat in (-80..=80).step_by(4) {
        for lon in (-180..180).step_by(4) {
            if let Some((p, km)) = locate_with_distance(f64::from(lat), f64::from(lon)) {
                assert!(km <= MAX_DISTANCE_KM, "({lat}, {lon}) → {} at {km}", p.city);
                assert!(!p.city.is_empty() && !p.country.is_empty());
                assert_eq!(p.country_code.len(), 2);
            }
        }
    }
}

#[test]
fn ids_round_trip() {
    let mut seen = 0;
    for lat in (-60..=75).step_by(3) {
        for lon in (-180..180).step_by(3) {
            if let Some(p) = locate(f64::from(lat) + 0.37, f64::from(lon) + 0.21) {
                let back = by_id(p.id).expect("by_id knows every id locate gives");
                assert!(std::ptr::eq(back, p), "{} → {}", p.city, back.city);
                seen += 1;
            }
        }
    }
    assert!(seen > 500, "only {seen} points located");
    let lisbon = at(38.7167, -9.1333);
    assert_eq!(by_id(lisbon.id).map(|p| p.city), Some("Lisbon"));
}

#[test]
fn the_data_is_all_there() {
    let n = shoebox_places::len();
    assert!(n > 150_000, "{n} places");
}
