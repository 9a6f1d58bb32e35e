package io.polycache.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.polycache.sample.LoadGenerator.LoadStatus;

/** Starts a bounded run of generated load ({@link LoadGenerator}) and tells how it goes. */
@RestController
@RequestMapping("/load")
class LoadController {

	private final LoadGenerator generator;

	LoadController(LoadGenerator generator) {
		this.generator = generator;
	}

	/** Starts a run in the background: 202 with its status, or 409 with the status of the one under way. */
	@PostMapping
	ResponseEntity<LoadStatus> start() {
		boolean started = this.generator.start();
		return ResponseEntity.status(started ? HttpStatus.ACCEPTED : HttpStatus.CONFLICT).body(this.generator.status());
	}

	@GetMapping
	LoadStatus status() {
		return this.generator.status();
	}

}
